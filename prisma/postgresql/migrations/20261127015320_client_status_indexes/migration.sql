-- DropIndex
DROP INDEX "Client_profileId_idx";

-- CreateIndex
CREATE INDEX "Client_profileId_enabled_idx" ON "Client"("profileId", "enabled");

-- CreateIndex
CREATE INDEX "Client_enabled_expiresAt_idx" ON "Client"("enabled", "expiresAt");
