import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseKind, resolveDatabaseUrl } from "./lib/db/database-url.mjs";
import { PRISMA_PATHS } from "./lib/db/prisma-schemas.mjs";

// Prisma's CLI normally downloads a native schema engine; this machine cannot reach that host.
// We point it at a small shim that runs Prisma's own WebAssembly build of the same engine
// (see docs/decisions/001-offline-prisma-migrations.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma/schema-engine/schema-engine.mjs");

// One data model, one migration history per database: DATABASE_URL picks SQLite's
// (prisma/schema.prisma, prisma/migrations) or PostgreSQL's (prisma/postgresql/…), so
// `prisma migrate deploy|dev|status` always work on the history that fits the database
// (see docs/decisions/011-postgresql-migrations.md).
const url = resolveDatabaseUrl(process.env, import.meta.dirname);
const paths = PRISMA_PATHS[databaseKind(url)];

export default defineConfig({
  schema: paths.schema,
  migrations: { path: paths.migrations },
  datasource: { url },
});
