-- AlterTable
ALTER TABLE "Secret" ADD COLUMN "lastUsedAt" DATETIME;
ALTER TABLE "Secret" ADD COLUMN "rotatedAt" DATETIME;

-- CreateTable
CREATE TABLE "SecretUsageDay" (
    "secretId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("secretId", "day"),
    CONSTRAINT "SecretUsageDay_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SecretUsageDay_day_idx" ON "SecretUsageDay"("day");
