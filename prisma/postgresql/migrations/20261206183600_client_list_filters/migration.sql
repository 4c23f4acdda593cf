-- CreateTable
CREATE TABLE "ClientLookup" (
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "clientInternalId" TEXT NOT NULL,

    CONSTRAINT "ClientLookup_pkey" PRIMARY KEY ("kind","value","clientInternalId")
);

-- CreateIndex
CREATE INDEX "ClientLookup_clientInternalId_idx" ON "ClientLookup"("clientInternalId");

-- CreateIndex
CREATE INDEX "Client_flow_idx" ON "Client"("flow");

-- CreateIndex
CREATE INDEX "Client_tokenEndpointAuthMethod_idx" ON "Client"("tokenEndpointAuthMethod");

-- AddForeignKey
ALTER TABLE "ClientLookup" ADD CONSTRAINT "ClientLookup_clientInternalId_fkey" FOREIGN KEY ("clientInternalId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the same keys as lib/clients/lookups.ts clientLookups (lookups.test.ts runs this statement).
-- translate(): ASCII lowercase only, as the code's foldCase (and SQLite's lower()).
-- BEGIN lookups backfill
WITH RECURSIVE
  "rest" ("id", "r") AS (
    SELECT c."id", substr(u, strpos(u, '://') + 3)
    FROM "Client" c, jsonb_array_elements_text(CASE WHEN jsonb_typeof(c."redirectUris") = 'array' THEN c."redirectUris" ELSE '[]'::jsonb END) u
    WHERE strpos(u, '://') > 0
  ),
  "host" ("id", "h") AS (
    SELECT "id", translate(CASE WHEN "r" LIKE '[%' THEN substr("r", 1, strpos("r", ']')) ELSE substring("r" from '^[^/?#:]*') END,
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
    FROM "rest"
  ),
  "domain" ("id", "d") AS (
    SELECT "id", "h" FROM "host" WHERE "h" <> ''
    UNION
    SELECT "id", substr("d", strpos("d", '.') + 1) FROM "domain"
    WHERE "d" NOT LIKE '[%' AND "d" ~ '[^0-9.]' AND strpos(substr("d", strpos("d", '.') + 1), '.') > 0
  ),
  "person" ("id", "p") AS (
    SELECT c."id", translate(btrim(p), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
    FROM "Client" c, jsonb_array_elements_text(CASE WHEN jsonb_typeof(c."owners") = 'array' THEN c."owners" ELSE '[]'::jsonb END) p
    UNION
    SELECT c."id", translate(btrim(p), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
    FROM "Client" c, jsonb_array_elements_text(CASE WHEN jsonb_typeof(c."contacts") = 'array' THEN c."contacts" ELSE '[]'::jsonb END) p
  )
INSERT INTO "ClientLookup" ("kind", "value", "clientInternalId")
SELECT 'redirectHost', "d", "id" FROM "domain"
UNION
SELECT 'person', "p", "id" FROM "person" WHERE "p" <> ''
ON CONFLICT DO NOTHING;
-- END lookups backfill
