-- CreateTable
CREATE TABLE "ClientLookup" (
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "clientInternalId" TEXT NOT NULL,

    PRIMARY KEY ("kind", "value", "clientInternalId"),
    CONSTRAINT "ClientLookup_clientInternalId_fkey" FOREIGN KEY ("clientInternalId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClientLookup_clientInternalId_idx" ON "ClientLookup"("clientInternalId");

-- CreateIndex
CREATE INDEX "Client_flow_idx" ON "Client"("flow");

-- CreateIndex
CREATE INDEX "Client_tokenEndpointAuthMethod_idx" ON "Client"("tokenEndpointAuthMethod");

-- Backfill: the same keys as lib/clients/lookups.ts clientLookups (lookups.test.ts runs this statement).
-- BEGIN lookups backfill
WITH RECURSIVE
  "rest" ("id", "r") AS (
    SELECT c."id", substr(u."value", instr(u."value", '://') + 3)
    FROM "Client" c, json_each(c."redirectUris") u
    WHERE u."type" = 'text' AND instr(u."value", '://') > 0
  ),
  "host" ("id", "h") AS (
    SELECT "id", lower(CASE WHEN "r" LIKE '[%' THEN substr("r", 1, instr("r", ']'))
      ELSE substr("r", 1, instr(replace(replace(replace("r", '?', '/'), '#', '/'), ':', '/') || '/', '/') - 1) END)
    FROM "rest"
  ),
  "domain" ("id", "d") AS (
    SELECT "id", "h" FROM "host" WHERE "h" <> ''
    UNION
    SELECT "id", substr("d", instr("d", '.') + 1) FROM "domain"
    WHERE "d" NOT LIKE '[%' AND "d" GLOB '*[^0-9.]*' AND instr(substr("d", instr("d", '.') + 1), '.') > 0
  )
INSERT OR IGNORE INTO "ClientLookup" ("kind", "value", "clientInternalId")
SELECT 'redirectHost', "d", "id" FROM "domain"
UNION
SELECT 'person', lower(trim(p."value")), c."id"
FROM "Client" c, json_each(c."owners") p
WHERE p."type" = 'text' AND trim(p."value") <> ''
UNION
SELECT 'person', lower(trim(p."value")), c."id"
FROM "Client" c, json_each(c."contacts") p
WHERE p."type" = 'text' AND trim(p."value") <> '';
-- END lookups backfill
