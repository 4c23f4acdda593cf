-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "adminApiRole" TEXT;

-- Keep what every existing API client could do (ADR 008 before this change): the Administrator
-- profile without a profile context was an Owner of the admin API, any context-bound client an
-- Editor within its context. From now on the power is granted on its own (lib/auth/power.ts).
UPDATE "Client" SET "adminApiRole" = 'Editor' WHERE "profileContextId" IS NOT NULL;
UPDATE "Client" SET "adminApiRole" = 'Owner'
  WHERE "profileContextId" IS NULL AND "profileId" IN (SELECT "id" FROM "Profile" WHERE "identifier" = 'Administrator');
