// Helpers for integration tests: the test file's own database (see setup-db.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { vi } from "vitest";
import { findPostgresBin } from "@/scripts/lib/postgres.mjs";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "@/lib/db/database-url.mjs";
import type { Role } from "@/lib/auth/permissions";
import { ALL, type Reach } from "@/lib/auth/reach";
import type { CurrentAdmin } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";

export { prisma };
export { availability } from "@/lib/db/prisma";

let counter = 0;

/** Creates an admin and returns it shaped like the signed-in admin of lib/auth/session.ts. */
export async function createTestAdmin(
  email = `admin${++counter}@example.test`,
  { role = "Owner", reach = ALL }: { role?: Role; reach?: Reach } = {},
): Promise<CurrentAdmin> {
  const binding = reach.kind === "context" ? { profileId: reach.profileId, profileContextId: reach.profileContextId } : {};
  const admin = await prisma.adminUser.create({
    data: { email, name: `Admin ${counter}`, passwordHash: "not-used", role, ...binding },
    select: { id: true, email: true, name: true },
  });
  const session = await prisma.adminSession.create({
    data: { adminId: admin.id, expiresAt: new Date(Date.now() + 3600_000) },
  });
  return { ...admin, sessionId: session.id, role, reach };
}

/**
 * Signs `admin` in for the server actions under test (null: nobody). Call `vi.mock("@/lib/auth/session")`
 * at the top of the test file first.
 */
export async function signInAs(admin: CurrentAdmin | null) {
  const session = await import("@/lib/auth/session");
  vi.mocked(session.currentAdmin).mockResolvedValue(admin);
}

/**
 * Everything the test's database holds, as bytes to search: the SQLite file itself, or on
 * PostgreSQL a full `pg_dump` of the test database. Disconnects the client first (so SQLite has
 * flushed every write); the next query reconnects.
 */
export async function databaseContents(): Promise<Buffer> {
  await prisma.$disconnect();
  const url = resolveDatabaseUrl();
  if (databaseKind(url) === "sqlite") return fs.readFileSync(sqliteFilePath(url));
  const bin = findPostgresBin();
  if (!bin) throw new Error("pg_dump not found");
  return execFileSync(path.join(bin, "pg_dump"), ["--dbname", url], { maxBuffer: 256 * 1024 * 1024 });
}
