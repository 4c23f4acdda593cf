// End-to-end check of the offline schema engine shim (prisma/schema-engine/schema-engine.mjs):
// runs the real Prisma CLI against a fresh temporary SQLite file, exactly as `migrate deploy`
// runs at start-up, and checks the result in the database itself.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
const shim = path.join(root, "prisma/schema-engine/schema-engine.mjs");
const migrationsDir = path.join(root, "prisma/migrations");

let tmpDir: string;
let dbFile: string;
/** The running test's signal: a CLI call has no clock of its own, it ends when Vitest times the test out. */
let signal: AbortSignal;
beforeEach((context) => {
  signal = context.signal;
});

/** Runs the Prisma CLI against the temporary database; never rejects, so exit codes can be asserted. */
async function prisma(...args: string[]) {
  return prismaOn(dbFile, ...args);
}

async function prismaOn(file: string, ...args: string[]) {
  const env = { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_SCHEMA_ENGINE_BINARY: shim, NO_COLOR: "1" };
  try {
    const { stdout, stderr } = await run(process.execPath, [prismaCli, ...args], { cwd: root, env, signal });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const localMigrations = () =>
  fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

beforeAll(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-engine-shim-"));
  dbFile = path.join(tmpDir, "nested", "test.db"); // the parent directory does not exist yet either
});

afterAll(() => {
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

// Each test runs the Prisma CLI, a Node process that loads the Wasm engine: seconds alone, tens of
// seconds on a loaded machine. The runner's clock is the only one (as for the other CLI tests).
describe("offline schema engine shim", { timeout: 120_000 }, () => {
  it("is an executable Node script", () => {
    expect(fs.readFileSync(shim, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(fs.statSync(shim).mode & 0o111).not.toBe(0);
  });

  it("has a committed migration history", () => {
    expect(localMigrations().length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "sqlite"');
  });

  it("migrate status on an empty database lists the pending migrations", async () => {
    // The Wasm engine alone fails here with P1014 (no `_prisma_migrations` table yet).
    const emptyFile = path.join(tmpDir, "empty.db");
    new Database(emptyFile).close();
    const result = await prismaOn(emptyFile, "migrate", "status");
    expect(result.stderr).not.toMatch(/P1014|Error/);
    expect(result.stdout).toMatch(/Following migrations? have not yet been applied:/);
    expect(result.stdout).toContain(localMigrations()[0]);
    expect(result.code).toBe(1);
  });

  it("migrate deploy creates the database and applies every migration", async () => {
    const result = await prisma("migrate", "deploy");
    expect(result.stderr + result.stdout).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("All migrations have been successfully applied.");
    expect(fs.existsSync(dbFile)).toBe(true);

    const db = new Database(dbFile, { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toContain("_prisma_migrations");
      expect(tables).toContain("AdminUser");

      const columns = db
        .prepare("SELECT name FROM pragma_table_info('AdminUser')")
        .all()
        .map((row) => (row as { name: string }).name);
      expect(columns).toEqual(expect.arrayContaining(["id", "email", "passwordHash", "createdAt", "updatedAt"]));

      const applied = db
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name")
        .all()
        .map((row) => (row as { migration_name: string }).migration_name);
      expect(applied).toEqual(localMigrations());
    } finally {
      db.close();
    }
  });

  it("migrate diff finds no drift between the migrations and the schema", async () => {
    const result = await prisma("migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code");
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toContain("No difference detected.");
    expect(result.code).toBe(0); // 2 would mean the schema has changes without a migration
  });

  it("migrate diff reports a difference with exit code 2", async () => {
    const result = await prisma("migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script", "--exit-code");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('CREATE TABLE "AdminUser"');
  });

  it("migrate status reports the database as up to date", async () => {
    const result = await prisma("migrate", "status");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Database schema is up to date!");
  });
});
