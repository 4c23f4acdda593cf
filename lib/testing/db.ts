// Helpers for integration tests: the test file's own database (see setup-db.ts).
import { vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";

export { prisma };

let counter = 0;

/** Creates an admin and returns it shaped like the signed-in admin of lib/auth/session.ts. */
export async function createTestAdmin(email = `admin${++counter}@example.test`): Promise<CurrentAdmin> {
  const admin = await prisma.adminUser.create({
    data: { email, name: `Admin ${counter}`, passwordHash: "not-used" },
    select: { id: true, email: true, name: true },
  });
  const session = await prisma.adminSession.create({
    data: { adminId: admin.id, expiresAt: new Date(Date.now() + 3600_000) },
  });
  return { ...admin, sessionId: session.id };
}

/**
 * Signs `admin` in for the server actions under test (null: nobody). Call `vi.mock("@/lib/auth/session")`
 * at the top of the test file first.
 */
export async function signInAs(admin: CurrentAdmin | null) {
  const session = await import("@/lib/auth/session");
  vi.mocked(session.currentAdmin).mockResolvedValue(admin);
}
