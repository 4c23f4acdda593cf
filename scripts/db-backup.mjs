// `npm run db:backup -- <file>` and `npm run db:restore -- <file>`: a consistent copy of the
// database named by DATABASE_URL (default data/portal.db), and putting one back.
// - SQLite: SQLite's online backup API (safe while the portal runs); restore replaces the file
//   (stop the portal first).
// - PostgreSQL: pg_dump in its custom format; restore with pg_restore --clean --if-exists in one
//   transaction (stop the portal first, or expect it to see the restore happen).
// Back up PORTAL_ENCRYPTION_KEY (or data/encryption-key) with it: without the key, provider client
// secrets and the token-signing keys in the backup cannot be decrypted. See README, "Backup and restore".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "../lib/db/database-url.mjs";
import { findPostgresBin } from "./lib/postgres.mjs";
import { ROOT, log } from "./lib/setup.mjs";

const [command, file] = process.argv.slice(2);
if (!["backup", "restore"].includes(command) || !file) {
  console.error("Usage: node scripts/db-backup.mjs backup|restore <file>   (DATABASE_URL names the database)");
  process.exit(2);
}
const target = path.resolve(process.cwd(), file);
const url = resolveDatabaseUrl(process.env, ROOT);

/** pg_dump/pg_restore take libpq URLs; Prisma's `?schema=` is not one of libpq's parameters. */
function libpq(databaseUrl) {
  const u = new URL(databaseUrl);
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  return { url: u.toString(), schemaArgs: schema && schema !== "public" ? [`--schema=${schema}`] : [] };
}

function pgTool(tool, args) {
  const bin = findPostgresBin();
  const result = spawnSync(bin ? path.join(bin, tool) : tool, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (result.error || result.status !== 0) {
    console.error(`✖ ${tool} failed${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}`);
    process.exit(1);
  }
}

if (databaseKind(url) === "sqlite") {
  const dbFile = sqliteFilePath(url);
  if (command === "backup") {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    await db.backup(target);
    db.close();
  } else {
    const check = new Database(target, { readonly: true, fileMustExist: true });
    const hasHistory = check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '_prisma_migrations'").get().n === 1;
    check.close();
    if (!hasHistory) {
      console.error(`✖ ${file} is not a backup of the portal's database (no _prisma_migrations table).`);
      process.exit(1);
    }
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(dbFile + suffix, { force: true });
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    fs.copyFileSync(target, dbFile);
  }
} else {
  const { url: pgUrl, schemaArgs } = libpq(url);
  if (command === "backup") pgTool("pg_dump", ["--format=custom", "--no-owner", ...schemaArgs, `--file=${target}`, `--dbname=${pgUrl}`]);
  else pgTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", ...schemaArgs, `--dbname=${pgUrl}`, target]);
}
log(command === "backup" ? `Backed up the database to ${file}.` : `Restored the database from ${file}. Run npm start: it applies any newer migrations.`);
