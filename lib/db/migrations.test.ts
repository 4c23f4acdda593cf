// The two migration histories (prisma/migrations for SQLite, prisma/postgresql/migrations for
// PostgreSQL) must each lead exactly to the one schema: `prisma migrate diff --from-migrations
// <history> --to-schema <schema> --exit-code` replays the history on a shadow database and
// compares. The PostgreSQL check uses the suite's PostgreSQL server, or starts a throwaway one.
// When this fails: `npm run db:migration -- <name>` (README, "Database and migrations").
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPostgres } from "@/scripts/lib/postgres.mjs";
import { PRISMA_PATHS, renderPostgresqlSchema } from "./prisma-schemas.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const cli = path.join(root, "node_modules/prisma/build/index.js");

let tmp: string;
let postgresUrl: string;
let stopPostgres = () => {};
/** The running test's signal: a CLI call has no clock of its own, it ends when Vitest times the test out. */
let signal: AbortSignal;
beforeEach((context) => {
  signal = context.signal;
});

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-drift-"));
  if (process.env.PORTAL_TEST_POSTGRES_URL) {
    postgresUrl = process.env.PORTAL_TEST_POSTGRES_URL;
  } else {
    const server = await startPostgres();
    postgresUrl = server.url;
    stopPostgres = server.stop;
  }
});

afterAll(() => {
  stopPostgres();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Exit code and output of `migrate diff` from a history to a schema (0: none, 2: a difference). */
async function diff(kind: "sqlite" | "postgresql", schema: string = PRISMA_PATHS[kind].schema) {
  const url = kind === "sqlite" ? `file:${path.join(tmp, "shadow.db")}` : postgresUrl;
  const args = ["migrate", "diff", "--from-migrations", PRISMA_PATHS[kind].migrations, "--to-schema", schema, "--script", "--exit-code"];
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url, NO_COLOR: "1" }, signal });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

// `migrate diff --from-migrations` replays a whole history on a shadow database: give it the time a
// loaded machine needs, on the runner's clock (the only one).
describe("migration histories", { timeout: 120_000 }, () => {
  it("prisma/postgresql/schema.prisma is generated from prisma/schema.prisma and up to date", () => {
    expect(read(PRISMA_PATHS.postgresql.schema), "run `npm run db:migration -- <name>`").toBe(renderPostgresqlSchema(read(PRISMA_PATHS.sqlite.schema)));
    expect(read(`${PRISMA_PATHS.sqlite.migrations}/migration_lock.toml`)).toContain('provider = "sqlite"');
    expect(read(`${PRISMA_PATHS.postgresql.migrations}/migration_lock.toml`)).toContain('provider = "postgresql"');
  });

  it.each(["sqlite", "postgresql"] as const)("the %s history leads exactly to the schema", async (kind) => {
    const result = await diff(kind);
    expect(result.out, `${kind} migrations drifted from the schema; missing SQL:\n${result.out}`).not.toMatch(/CREATE|ALTER|DROP/);
    expect(result.code).toBe(0);
  });

  it.each(["sqlite", "postgresql"] as const)("notices when the %s schema moves ahead of its history", async (kind) => {
    const schema = path.join(tmp, `${kind}-ahead.prisma`);
    fs.writeFileSync(schema, `${read(PRISMA_PATHS[kind].schema)}\nmodel DriftProbe {\n  id String @id\n}\n`);
    const result = await diff(kind, schema);
    expect(result.code).toBe(2);
    expect(result.out).toContain('CREATE TABLE "DriftProbe"');
  });
});
