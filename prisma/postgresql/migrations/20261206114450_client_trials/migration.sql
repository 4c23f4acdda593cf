-- CreateTable
CREATE TABLE "ClientTrial" (
    "id" TEXT NOT NULL,
    "clientInternalId" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "credentialHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "ClientTrial_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClientTrial_clientInternalId_idx" ON "ClientTrial"("clientInternalId");

-- AddForeignKey
ALTER TABLE "ClientTrial" ADD CONSTRAINT "ClientTrial_clientInternalId_fkey" FOREIGN KEY ("clientInternalId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
