-- CreateIndex
CREATE UNIQUE INDEX "IdentityProvider_one_active_key" ON "IdentityProvider"("authenticationMode") WHERE "authenticationMode" = 'Active' AND "isEnabled" = true;
