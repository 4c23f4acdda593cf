import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/db/database-url.mjs";

// Prisma's CLI normally downloads a native schema engine; this machine cannot reach that host.
// We point it at a small shim that runs Prisma's own WebAssembly build of the same engine
// (see docs/decisions/001-offline-prisma-migrations.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma/schema-engine/schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: resolveDatabaseUrl(process.env, import.meta.dirname) },
});
