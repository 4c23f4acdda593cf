-- CreateTable
CREATE TABLE "ProviderSignInState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "providerName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ProviderSignInState_expiresAt_idx" ON "ProviderSignInState"("expiresAt");
