-- CreateIndex
CREATE INDEX "Client_lastTokenAt_createdAt_idx" ON "Client"("lastTokenAt", "createdAt");

-- CreateIndex
CREATE INDEX "Secret_expiresAt_idx" ON "Secret"("expiresAt");

-- CreateIndex
CREATE INDEX "Secret_hash_idx" ON "Secret"("hash");
