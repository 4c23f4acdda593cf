import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { inviteAdmin, issueAdminLink, redeemAdminLink, revokeAdminLinks } from "@/lib/admins/actions";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { cookieJar, redirectOf } from "@/lib/testing/next";
import { startSmtpReceiver } from "@/lib/testing/smtp-receiver.mjs";
import { createOutboxWorker } from "./worker";

// Invitation and password-reset links by mail: with SMTP_URL set, the link goes only into the mail
// (through the outbox), never back to the Owner's browser, the log or the database in clear.

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
const cookies = cookieJar();
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => cookies.store }));

const PASSWORD = "a-strong-new-password-1";
const LINK = /^https:\/\/portal\.example\.test\/invitation\/([A-Za-z0-9_-]{43})$/m;

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let owner: CurrentAdmin;
const worker = () => createOutboxWorker({ settings: { retryBaseMs: 10, leaseMs: 5000 } });

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = "Portal <portal@example.test>";
  process.env.PORTAL_URL = "https://portal.example.test";
  owner = await createTestAdmin("owner@example.test", { role: "Owner" });
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});
beforeEach(async () => {
  await signInAs(owner);
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.data;
}

const mailTo = (email: string, subject: RegExp) => smtp.waitFor((mail) => mail.envelopeTo.includes(email) && subject.test(mail.subject), 5000);

describe("invitations by mail", () => {
  it("mails the link (and only the mail holds it); the link from the mail sets the password", async () => {
    const email = "ines.invited@example.test";
    const result = ok(await inviteAdmin({ email, name: "Ines Invited", role: "Auditor", profileId: "", profileContextId: "" }));
    expect(result).toEqual({ email, kind: "invitation", expiresAt: expect.any(String), mailed: true });
    const admin = await prisma.adminUser.findUniqueOrThrow({ where: { email } });
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.invited", targetId: admin.id } })).toMatchObject({
      changes: expect.objectContaining({ sentByEmail: true }),
    });
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { kind: "email.adminLink" }, orderBy: { createdAt: "desc" } });
    expect(row.payload).toMatchObject({ to: email, kind: "invitation", sealed: { url: expect.stringMatching(/^v1\./) } });

    const stdout = vi.spyOn(process.stdout, "write");
    expect(await worker().runOnce()).toBe(1);
    const logged = stdout.mock.calls.map((call) => String(call[0])).join("");
    stdout.mockRestore();

    const mail = await mailTo(email, /invitation/);
    expect(mail.from).toBe("Portal <portal@example.test>");
    expect(mail.subject).toBe("Your invitation to the OIDC client portal");
    expect(mail.text).toContain("Hello Ines Invited,");
    expect(mail.text).toContain("owner@example.test invited you");
    const token = LINK.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    // The token is nowhere but in the mail: not in the action's answer, the log, or the database.
    expect(JSON.stringify(result)).not.toContain(token);
    expect(logged).not.toContain(token);
    expect((await databaseContents()).includes(Buffer.from(token!))).toBe(false);
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).payload).not.toHaveProperty("sealed");

    await signInAs(null);
    expect(await redirectOf(redeemAdminLink({ token: token!, password: PASSWORD, confirmation: PASSWORD }))).toBe("/");
    expect(await prisma.auditEvent.count({ where: { action: "admin.invitationAccepted", targetId: admin.id } })).toBe(1);
  });

  it("mails a password-reset link to an admin who has a password; it works", async () => {
    const member = await createTestAdmin("rita.reset@example.test", { role: "Editor" });
    const result = ok(await issueAdminLink({ id: member.id }));
    expect(result).toMatchObject({ kind: "password_reset", mailed: true });
    expect(result).not.toHaveProperty("url");
    await worker().runOnce();
    const mail = await mailTo(member.email, /Reset your password/);
    expect(mail.text).toContain("your other sessions end when you use it");
    const token = LINK.exec(mail.text)![1]!;
    await signInAs(null);
    expect(await redirectOf(redeemAdminLink({ token, password: PASSWORD, confirmation: PASSWORD }))).toBe("/");
    expect(await prisma.auditEvent.count({ where: { action: "admin.passwordChanged", targetId: member.id } })).toBe(1);
  });

  it("does not send the mail of a link revoked before it went out", async () => {
    const email = "victor.revoked@example.test";
    ok(await inviteAdmin({ email, name: "Victor", role: "Auditor", profileId: "", profileContextId: "" }));
    const admin = await prisma.adminUser.findUniqueOrThrow({ where: { email } });
    ok(await revokeAdminLinks({ id: admin.id }));
    await worker().runOnce();
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { kind: "email.adminLink" }, orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ deliveredAt: null, nextAttemptAt: null, lastError: "Not sent: the link is revoked" });
    expect(row.payload).not.toHaveProperty("sealed");
    expect(smtp.mails.filter((mail) => mail.envelopeTo.includes(email))).toHaveLength(0);
  });

  it("writes no mail when the invitation is refused (its transaction rolls back)", async () => {
    const before = await prisma.outboxMessage.count();
    const again = await inviteAdmin({ email: "owner@example.test", name: "Dup", role: "Auditor", profileId: "", profileContextId: "" });
    expect(again.ok).toBe(false);
    expect(await prisma.outboxMessage.count()).toBe(before);
  });
});
