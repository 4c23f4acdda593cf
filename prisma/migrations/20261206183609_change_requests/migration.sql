-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "clientInternalId" TEXT,
    "clientLabel" TEXT NOT NULL,
    "profileContextId" INTEGER,
    "payload" JSONB NOT NULL,
    "diff" JSONB NOT NULL,
    "baseVersion" INTEGER,
    "reason" TEXT NOT NULL,
    "authorType" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorLabel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "deciderType" TEXT,
    "deciderId" TEXT,
    "deciderLabel" TEXT,
    "decisionComment" TEXT NOT NULL DEFAULT '',
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sealedSecret" TEXT,
    "secretPickupUntil" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Profile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "secretMaxDays" INTEGER,
    "requireApproval" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Profile" ("createdAt", "description", "displayName", "id", "identifier", "secretMaxDays", "updatedAt") SELECT "createdAt", "description", "displayName", "id", "identifier", "secretMaxDays", "updatedAt" FROM "Profile";
DROP TABLE "Profile";
ALTER TABLE "new_Profile" RENAME TO "Profile";
CREATE UNIQUE INDEX "Profile_identifier_key" ON "Profile"("identifier");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ChangeRequest_status_createdAt_idx" ON "ChangeRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_clientInternalId_idx" ON "ChangeRequest"("clientInternalId");

-- CreateIndex
CREATE INDEX "ChangeRequest_authorId_idx" ON "ChangeRequest"("authorId");
