import { describe, expect, it } from "vitest";
import { createTestAdmin, prisma } from "@/lib/testing/db";
import { recordFailedSignIn, startAdminSession } from "./admin-session";

// The one sign-in step shared by the password form and identity providers.
describe("startAdminSession", () => {
  it("opens a session, records the method and audits admin.signedIn in one go", async () => {
    const admin = await createTestAdmin("signin@example.test");
    const session = await startAdminSession(admin.id, "provider:corp");
    expect(session).not.toBeNull();
    const row = await prisma.adminUser.findUniqueOrThrow({ where: { id: admin.id }, select: { lastSignInMethod: true, lastSignInAt: true } });
    expect(row.lastSignInMethod).toBe("provider:corp");
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.signedIn", actorId: admin.id } });
    expect(event.changes).toEqual({ method: "provider:corp" });
  });

  it("refuses a disabled admin: no session, no sign-in recorded", async () => {
    const admin = await createTestAdmin("disabled@example.test");
    await prisma.adminUser.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    const before = await prisma.adminSession.count({ where: { adminId: admin.id } });
    expect(await startAdminSession(admin.id, "password")).toBeNull();
    expect(await prisma.adminSession.count({ where: { adminId: admin.id } })).toBe(before);
    expect(await prisma.auditEvent.count({ where: { action: "admin.signedIn", actorId: admin.id } })).toBe(0);
  });

  it("audits a failed sign-in by email and reason, never the password", async () => {
    await recordFailedSignIn("someone@example.test", null, "unknown_email");
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.signInFailed", actorLabel: "someone@example.test" } });
    expect(event.changes).toEqual({ method: "password", reason: "unknown_email" });
  });
});
