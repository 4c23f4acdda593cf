-- CreateTable
CREATE TABLE "Scope" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ClientScope" (
    "clientInternalId" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,

    PRIMARY KEY ("clientInternalId", "scopeId"),
    CONSTRAINT "ClientScope_clientInternalId_fkey" FOREIGN KEY ("clientInternalId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClientScope_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "Scope" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdentityProvider" (
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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Secret" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientInternalId" TEXT,
    "scopeId" TEXT,
    "hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "revokedBy" TEXT,
    CONSTRAINT "Secret_clientInternalId_fkey" FOREIGN KEY ("clientInternalId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Secret_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "Scope" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Secret" ("clientInternalId", "createdAt", "createdBy", "description", "expiresAt", "hash", "hint", "id", "revokedAt", "revokedBy") SELECT "clientInternalId", "createdAt", "createdBy", "description", "expiresAt", "hash", "hint", "id", "revokedAt", "revokedBy" FROM "Secret";
DROP TABLE "Secret";
ALTER TABLE "new_Secret" RENAME TO "Secret";
CREATE INDEX "Secret_clientInternalId_idx" ON "Secret"("clientInternalId");
CREATE INDEX "Secret_scopeId_idx" ON "Secret"("scopeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Scope_name_key" ON "Scope"("name");

-- CreateIndex
CREATE INDEX "ClientScope_scopeId_idx" ON "ClientScope"("scopeId");

-- CreateIndex
CREATE UNIQUE INDEX "IdentityProvider_providerName_key" ON "IdentityProvider"("providerName");
