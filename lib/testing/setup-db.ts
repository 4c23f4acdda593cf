// Runs before each test file: a private copy of the migrated template database, named by
// DATABASE_URL before any module reads it; and Next.js's cache API replaced by a spy (there is no
// Next.js request here).
import fs from "node:fs";
import path from "node:path";
import { vi } from "vitest";

const template = process.env.PORTAL_TEST_TEMPLATE_DB;
if (template) {
  const file = path.join(path.dirname(template), `db-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
