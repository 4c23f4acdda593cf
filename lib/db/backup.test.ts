// Backup and restore with the documented commands (npm run db:backup / db:restore), on the
// database the suite runs on: a backup restored into an EMPTY database holds the admin, whose
// password still verifies, a new session can be started there (a sign-in), and the migration
// history is complete.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { prisma } from "@/lib/testing/db";
import { withDatabase } from "@/scripts/lib/postgres.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-backup-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const script = (command: "backup" | "restore", file: string, url: string) =>
  run(process.execPath, [path.join(root, "scripts/db-backup.mjs"), command, file], { cwd: root, env: { ...process.env, DATABASE_URL: url } });

/** An empty database of the same kind as the suite's. */
async function emptyDatabase(): Promise<string> {
  const url = resolveDatabaseUrl();
  if (databaseKind(url) === "sqlite") return `file:${path.join(tmp, "restored.db")}`;
  const name = `restored_${Math.random().toString(36).slice(2)}`;
  const admin = new pg.Client({ connectionString: process.env.PORTAL_TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return withDatabase(process.env.PORTAL_TEST_POSTGRES_URL!, name);
}

describe("backup and restore", () => {
  it("restores a backup into an empty database, where the admin can sign in", async () => {
    const password = "restore-Test-password-1";
    await prisma.adminUser.create({ data: { email: "restore@example.test", name: "Restore", passwordHash: await hashPassword(password) } });
    const file = path.join(tmp, "portal.backup");
    await script("backup", file, resolveDatabaseUrl());
    expect(fs.statSync(file).size).toBeGreaterThan(0);

    const restoredUrl = await emptyDatabase();
    await script("restore", file, restoredUrl);
    const restored = createPrismaClient(restoredUrl);
    try {
      const admin = await restored.adminUser.findUniqueOrThrow({ where: { email: "restore@example.test" }, select: { id: true, passwordHash: true } });
      expect(await verifyPassword(admin.passwordHash!, password)).toBe(true);
      expect(await verifyPassword(admin.passwordHash!, "wrong-password-123")).toBe(false);
      const session = await restored.adminSession.create({ data: { adminId: admin.id, expiresAt: new Date(Date.now() + 60_000) } });
      expect(session.adminId).toBe(admin.id);
      const applied = await restored.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      const history = fs
        .readdirSync(path.join(root, databaseKind(restoredUrl) === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations"))
        .filter((d) => /^\d+_/.test(d));
      expect(Number(applied[0]!.n)).toBe(history.length);
    } finally {
      await restored.$disconnect();
    }
  });

  it("refuses to restore a file that is not a backup of the portal (SQLite) or not a dump (PostgreSQL)", async () => {
    const junk = path.join(tmp, "junk.bin");
    fs.writeFileSync(junk, "not a backup");
    await expect(script("restore", junk, await emptyDatabase())).rejects.toMatchObject({ code: 1 });
  });
});
