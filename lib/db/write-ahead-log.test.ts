// `npm start` and the e2e server migrate through scripts/lib/setup.mjs `migrate`, which leaves an
// SQLite database in write-ahead-log mode (one sync per commit, readers never blocked by a writer);
// the app's connection (lib/db/client.ts) syncs the log at every commit (synchronous=FULL), so a
// commit survives a power cut.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/scripts/lib/setup.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-wal-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("SQLite journal", () => {
  it("is a write-ahead log after migrating, and the app's connection syncs every commit", async () => {
    const file = path.join(tmp, "portal.db");
    migrate({ ...process.env, DATABASE_URL: `file:${file}` });
    const db = new Database(file);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare("SELECT count(*) FROM _prisma_migrations").pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    const app = createPrismaClient(`file:${file}`);
    try {
      const [row] = await app.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
      expect(Number(row!.synchronous)).toBe(2); // FULL; better-sqlite3 alone would say 1 (NORMAL)
    } finally {
      await app.$disconnect();
    }
  });
});
