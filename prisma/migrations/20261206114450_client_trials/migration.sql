-- CreateTable
CREATE TABLE "ClientTrial" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientInternalId" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "credentialHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "result" JSONB,
    "error" TEXT,
    CONSTRAINT "ClientTrial_clientInternalId_fkey" FOREIGN KEY ("clientInternalId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClientTrial_clientInternalId_idx" ON "ClientTrial"("clientInternalId");
