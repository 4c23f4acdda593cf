// Runs before each test file: a private copy of the migrated template database (lib/testing/
// global-setup.ts), named by DATABASE_URL before any module reads it; and Next.js's cache API
// replaced by a spy (there is no Next.js request here).
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { vi } from "vitest";
import { withDatabase } from "../../scripts/lib/postgres.mjs";

const template = process.env.PORTAL_TEST_TEMPLATE_DB;
const postgres = process.env.PORTAL_TEST_POSTGRES_URL;
const name = `${process.pid}_${Math.random().toString(36).slice(2)}`;
if (postgres) {
  const admin = new pg.Client({ connectionString: postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE "test_${name}" TEMPLATE "portal_template"`);
  await admin.end();
  process.env.DATABASE_URL = withDatabase(postgres, `test_${name}`);
} else if (template) {
  const file = path.join(path.dirname(template), `db-${name}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
