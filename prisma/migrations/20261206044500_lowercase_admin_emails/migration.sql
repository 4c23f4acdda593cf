-- Admins' emails are compared lower-cased (lib/validation/email.ts, docs/decisions/008). Every entry
-- point stored them that way already; this turns any other stored email (written straight into the
-- database) to its trimmed, lower-case form. Two admins whose emails differ only by case are both
-- left as they are, for an Owner to delete the one not wanted: neither could sign in by email before
-- (lookups were lower-cased already), and the migration does not choose between two accounts.
UPDATE "AdminUser"
SET "email" = LOWER(TRIM("email"))
WHERE "email" <> LOWER(TRIM("email"))
  AND NOT EXISTS (
    SELECT 1 FROM "AdminUser" AS "other"
    WHERE "other"."id" <> "AdminUser"."id" AND LOWER(TRIM("other"."email")) = LOWER(TRIM("AdminUser"."email"))
  );
