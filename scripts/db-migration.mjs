// `npm run db:migration -- <name> [--create-only]`: after an edit of prisma/schema.prisma, writes
// the matching migration into BOTH histories with the real Prisma CLI: prisma/migrations (SQLite)
// and prisma/postgresql/migrations (PostgreSQL, on a throwaway server this script starts and
// stops). For each database, `prisma migrate diff --from-migrations <history> --to-schema <schema>`
// gives the SQL from the history's end state to the schema (Prisma replays the history on a
// shadow database); the script saves it as <timestamp>_<name>/migration.sql, then proves it with
// `prisma migrate deploy` on a scratch database. (`prisma migrate dev` does the same but refuses to
// run non-interactively as soon as a change carries a warning.) `--create-only` writes the SQL
// without applying it, for an edit by hand before committing.
// See README, "Database and migrations".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PRISMA_PATHS, syncPostgresqlSchema } from "../lib/db/prisma-schemas.mjs";
import { startPostgres } from "./lib/postgres.mjs";
import { ROOT, ensurePrismaClient, log, runBin } from "./lib/setup.mjs";

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--"));
const createOnly = args.includes("--create-only");
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  console.error("Usage: npm run db:migration -- <name> [--create-only]   (name: letters, digits and _)");
  process.exit(2);
}

if (syncPostgresqlSchema(ROOT)) log("Updated prisma/postgresql/schema.prisma from prisma/schema.prisma.");
ensurePrismaClient();

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = `${stamp}_${name}`;
const cli = path.join(ROOT, "node_modules/prisma/build/index.js");

/** Writes the new migration of one database; returns its folder, or null when nothing changed. */
function makeMigration(kind, url) {
  const { schema, migrations } = PRISMA_PATHS[kind];
  const env = { ...process.env, DATABASE_URL: url, NO_COLOR: "1" };
  const diff = spawnSync(process.execPath, [cli, "migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--script", "--exit-code"], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  if (diff.status === 0) {
    log(`${kind}: the schema already matches ${migrations}; no migration.`);
    return null;
  }
  if (diff.status !== 2) {
    process.stderr.write(`${diff.stdout}${diff.stderr}`);
    throw new Error(`prisma migrate diff failed for ${kind} (exit ${diff.status})`);
  }
  const dir = path.join(ROOT, migrations, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
  log(`${kind}: wrote ${path.relative(ROOT, dir)}/migration.sql`);
  if (!createOnly) {
    runBin("prisma/build/index.js", ["migrate", "deploy"], { env, quiet: true });
    log(`${kind}: the whole history, new migration included, applies to a fresh database.`);
  }
  return dir;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-"));
const server = await startPostgres({ log });
try {
  makeMigration("sqlite", `file:${path.join(scratch, "scratch.db")}`);
  makeMigration("postgresql", server.url);
} finally {
  server.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
log(`Done. Review and commit prisma/schema.prisma, prisma/postgresql/schema.prisma and the new ${folder} folders.`);
