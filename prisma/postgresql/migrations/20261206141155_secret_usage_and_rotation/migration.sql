-- AlterTable
ALTER TABLE "Secret" ADD COLUMN     "lastUsedAt" TIMESTAMP(3),
ADD COLUMN     "rotatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SecretUsageDay" (
    "secretId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "SecretUsageDay_pkey" PRIMARY KEY ("secretId","day")
);

-- CreateIndex
CREATE INDEX "SecretUsageDay_day_idx" ON "SecretUsageDay"("day");

-- AddForeignKey
ALTER TABLE "SecretUsageDay" ADD CONSTRAINT "SecretUsageDay_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret"("id") ON DELETE CASCADE ON UPDATE CASCADE;
