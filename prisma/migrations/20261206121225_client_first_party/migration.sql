-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Client" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "redirectUris" JSONB NOT NULL,
    "postLogoutRedirectUris" JSONB NOT NULL,
    "flow" TEXT NOT NULL,
    "idTokenSignedResponseAlg" TEXT NOT NULL,
    "tokenEndpointAuthMethod" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "profileContextId" INTEGER,
    "adminApiRole" TEXT,
    "owners" JSONB NOT NULL DEFAULT [],
    "contacts" JSONB NOT NULL DEFAULT [],
    "documentationUrl" TEXT,
    "expiresAt" DATETIME,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "firstParty" BOOLEAN NOT NULL DEFAULT false,
    "lastTokenAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Client_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Client_profileContextId_fkey" FOREIGN KEY ("profileContextId") REFERENCES "ProfileContext" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Client" ("adminApiRole", "clientId", "contacts", "createdAt", "description", "displayName", "documentationUrl", "enabled", "expiresAt", "flow", "id", "idTokenSignedResponseAlg", "lastTokenAt", "owners", "postLogoutRedirectUris", "profileContextId", "profileId", "redirectUris", "tokenEndpointAuthMethod", "updatedAt", "version") SELECT "adminApiRole", "clientId", "contacts", "createdAt", "description", "displayName", "documentationUrl", "enabled", "expiresAt", "flow", "id", "idTokenSignedResponseAlg", "lastTokenAt", "owners", "postLogoutRedirectUris", "profileContextId", "profileId", "redirectUris", "tokenEndpointAuthMethod", "updatedAt", "version" FROM "Client";
DROP TABLE "Client";
ALTER TABLE "new_Client" RENAME TO "Client";
CREATE UNIQUE INDEX "Client_clientId_key" ON "Client"("clientId");
CREATE INDEX "Client_displayName_idx" ON "Client"("displayName");
CREATE INDEX "Client_profileId_enabled_idx" ON "Client"("profileId", "enabled");
CREATE INDEX "Client_profileContextId_idx" ON "Client"("profileContextId");
CREATE INDEX "Client_createdAt_idx" ON "Client"("createdAt");
CREATE INDEX "Client_updatedAt_idx" ON "Client"("updatedAt");
CREATE INDEX "Client_enabled_expiresAt_idx" ON "Client"("enabled", "expiresAt");
CREATE INDEX "Client_lastTokenAt_createdAt_idx" ON "Client"("lastTokenAt", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
