-- CreateTable
CREATE TABLE "ProviderSignInState" (
    "id" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderSignInState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProviderSignInState_expiresAt_idx" ON "ProviderSignInState"("expiresAt");
