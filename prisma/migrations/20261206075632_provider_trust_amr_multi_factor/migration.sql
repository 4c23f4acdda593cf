-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IdentityProvider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "providerName" TEXT NOT NULL,
    "authenticationMode" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEncrypted" TEXT,
    "authority" TEXT NOT NULL,
    "metadataAddress" TEXT,
    "getClaimsFromUserInfoEndpoint" BOOLEAN NOT NULL DEFAULT false,
    "maxAge" INTEGER,
    "signedOutRedirectUri" TEXT,
    "redirectUri" TEXT,
    "authenticationMethod" TEXT NOT NULL,
    "responseMode" TEXT NOT NULL,
    "responseType" TEXT NOT NULL,
    "prompt" TEXT,
    "emailClaimType" TEXT,
    "assumeEmailVerified" BOOLEAN NOT NULL DEFAULT false,
    "trustAmrMultiFactor" BOOLEAN NOT NULL DEFAULT false,
    "usernameClaimType" TEXT,
    "externalUserCreationUrl" TEXT,
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "clearDefaultScope" BOOLEAN NOT NULL DEFAULT false,
    "scope" JSONB NOT NULL,
    "messages" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_IdentityProvider" ("assumeEmailVerified", "authenticationMethod", "authenticationMode", "authority", "clearDefaultScope", "clientId", "clientSecretEncrypted", "createdAt", "emailClaimType", "externalUserCreationUrl", "getClaimsFromUserInfoEndpoint", "id", "isEnabled", "maxAge", "messages", "metadataAddress", "prompt", "providerName", "redirectUri", "responseMode", "responseType", "scope", "signedOutRedirectUri", "updatedAt", "usernameClaimType", "version") SELECT "assumeEmailVerified", "authenticationMethod", "authenticationMode", "authority", "clearDefaultScope", "clientId", "clientSecretEncrypted", "createdAt", "emailClaimType", "externalUserCreationUrl", "getClaimsFromUserInfoEndpoint", "id", "isEnabled", "maxAge", "messages", "metadataAddress", "prompt", "providerName", "redirectUri", "responseMode", "responseType", "scope", "signedOutRedirectUri", "updatedAt", "usernameClaimType", "version" FROM "IdentityProvider";
DROP TABLE "IdentityProvider";
ALTER TABLE "new_IdentityProvider" RENAME TO "IdentityProvider";
CREATE UNIQUE INDEX "IdentityProvider_providerName_key" ON "IdentityProvider"("providerName");
CREATE UNIQUE INDEX "IdentityProvider_one_active_key" ON "IdentityProvider"("authenticationMode") WHERE "authenticationMode" = 'Active' AND "isEnabled" = true;
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
