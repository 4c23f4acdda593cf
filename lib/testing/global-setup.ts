// Vitest global setup: one migrated template database, made with the real `prisma migrate deploy`,
// that every test file copies (lib/testing/setup-db.ts) — fast, isolated, and the real schema.
// PORTAL_TEST_DATABASE=postgresql runs the same tests on a throwaway PostgreSQL server started here
// (scripts/lib/postgres.mjs) with PostgreSQL's own migration history; the default is SQLite.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPostgres, withDatabase } from "../../scripts/lib/postgres.mjs";
import { ensurePrismaClient } from "../../scripts/lib/setup.mjs";

const root = path.resolve(import.meta.dirname, "../..");

function migrateDeploy(url: string) {
  execFileSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

export default async function setup() {
  ensurePrismaClient();
  const kind = process.env.PORTAL_TEST_DATABASE ?? "sqlite";
  if (kind === "postgresql") {
    const server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE "portal_template"');
    await admin.end();
    migrateDeploy(withDatabase(server.url, "portal_template"));
    process.env.PORTAL_TEST_POSTGRES_URL = server.url;
    return () => server.stop();
  }
  if (kind !== "sqlite") throw new Error(`PORTAL_TEST_DATABASE must be sqlite or postgresql, not ${kind}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  const template = path.join(dir, "template.db");
  migrateDeploy(`file:${template}`);
  process.env.PORTAL_TEST_TEMPLATE_DB = template;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
