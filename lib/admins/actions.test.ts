import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { verifyPassword } from "@/lib/auth/password";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { cookieJar, redirectOf } from "@/lib/testing/next";
import { CHALLENGE_COOKIE } from "@/lib/mfa/pending";
import {
  changeAdminRole,
  changeOwnPassword,
  deleteAdmin,
  inviteAdmin,
  issueAdminLink,
  redeemAdminLink,
  removeAdminIdentities,
  revokeAdminLinks,
  signOutForLink,
  setAdminDisabled,
  updateOwnName,
  type RevealedLink,
} from "./actions";
import { actorOf } from "@/lib/audit/audit";
import { runService } from "@/lib/actions/context";
import { ALL } from "@/lib/auth/reach";
import { ADMIN_LINK_TTL_MS, assertMayChangeAdmin, hashLinkToken } from "./service";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
// Auth.js does not load outside Next.js: signIn("login-grant") is checked by what it receives.
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
const cookies = cookieJar();
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => cookies.store }));

const PASSWORD = "a-strong-new-password-1";

let owner: CurrentAdmin;
let profileId: string;

beforeAll(async () => {
  owner = await createTestAdmin("owner@example.test", { role: "Owner" });
  profileId = (await prisma.profile.create({ data: { identifier: "Admins", displayName: "Admins profile" } })).id;
  await prisma.profileContext.create({ data: { id: -5, category: "Department", d0: "Sales" } });
});

beforeEach(async () => {
  await signInAs(owner);
  const { signIn } = await import("@/lib/auth/auth");
  vi.mocked(signIn).mockReset();
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

/** The link of a result shown once (no SMTP in these tests). */
function shownUrl(link: RevealedLink): string {
  if (link.mailed) throw new Error("the link was mailed, not shown");
  return link.url;
}

let seq = 0;
async function invite(overrides: Partial<Parameters<typeof inviteAdmin>[0]> = {}) {
  const email = `invitee${++seq}@example.test`;
  const data = ok(await inviteAdmin({ email, name: `Invitee ${seq}`, role: "Auditor", profileId: "", profileContextId: "", ...overrides }));
  const token = shownUrl(data).split("/invitation/")[1]!;
  const admin = await prisma.adminUser.findUniqueOrThrow({ where: { email: overrides.email ?? email } });
  return { data, token, admin };
}

describe("inviteAdmin", () => {
  it("creates the account without a password and a 72-hour link, stored only as a SHA-256 hash", async () => {
    const { data, token, admin } = await invite({ role: "Editor", profileId, profileContextId: "-5" });
    expect(shownUrl(data)).toMatch(/^http:\/\/portal\.test\/invitation\/[A-Za-z0-9_-]{43}$/);
    expect(admin).toMatchObject({ role: "Editor", profileId, profileContextId: -5, disabledAt: null });
    const row = await prisma.adminUser.findUniqueOrThrow({
      where: { id: admin.id },
      select: { passwordHash: true, tokens: { select: { tokenHash: true, kind: true, expiresAt: true, createdBy: true } } },
    });
    expect(row.passwordHash).toBeNull();
    expect(row.tokens).toHaveLength(1);
    expect(row.tokens[0]).toMatchObject({ kind: "invitation", tokenHash: hashLinkToken(token), createdBy: owner.email });
    const ttl = row.tokens[0]!.expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(ADMIN_LINK_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(ADMIN_LINK_TTL_MS);

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.invited", targetId: admin.id } });
    expect(event.actorId).toBe(owner.id);
    // The token appears nowhere in the database: not in a row, not in an event, not in the file.
    expect((await databaseContents()).includes(Buffer.from(token))).toBe(false);
  });

  it("refuses a second admin with the same email, an Owner bound to a context, and a half binding", async () => {
    const { admin } = await invite();
    const again = await inviteAdmin({ email: admin.email, name: "x", role: "Auditor", profileId: "", profileContextId: "" });
    expect(again).toMatchObject({ ok: false, fieldErrors: { email: ["An admin with this email already exists."] } });
    const boundOwner = await inviteAdmin({ email: "o2@example.test", name: "x", role: "Owner", profileId, profileContextId: "-5" });
    expect(boundOwner.ok).toBe(false);
    expect(!boundOwner.ok && boundOwner.fieldErrors?.profileContextId?.[0]).toMatch(/Owner/);
    const half = await inviteAdmin({ email: "o3@example.test", name: "x", role: "Editor", profileId, profileContextId: "" });
    expect(!half.ok && half.fieldErrors?.profileContextId).toBeTruthy();
  });

  it("is refused to an Editor (only Owners manage admins)", async () => {
    await signInAs(await createTestAdmin("editor-inv@example.test", { role: "Editor" }));
    const result = await inviteAdmin({ email: "nope@example.test", name: "x", role: "Auditor", profileId: "", profileContextId: "" });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.adminUser.findUnique({ where: { email: "nope@example.test" } })).toBeNull();
  });
});

describe("redeemAdminLink", () => {
  it("sets the password, marks the link used, audits the acceptance and signs the invitee in once", async () => {
    const { token, admin } = await invite();
    await signInAs(null);
    expect(await redirectOf(redeemAdminLink({ token, password: PASSWORD, confirmation: PASSWORD }))).toBe("/");
    const { signIn } = await import("@/lib/auth/auth");
    expect(vi.mocked(signIn)).toHaveBeenCalledWith("login-grant", expect.objectContaining({ grant: expect.any(String), redirect: false }));
    const { redeemLoginGrant } = await import("@/lib/auth/login-grant");
    const grant = vi.mocked(signIn).mock.calls[0]![1] as { grant: string };
    expect(redeemLoginGrant(grant.grant)).toEqual({ adminId: admin.id, method: "password" });

    const stored = await prisma.adminUser.findUniqueOrThrow({ where: { id: admin.id }, select: { passwordHash: true, tokens: { select: { usedAt: true } } } });
    expect(await verifyPassword(stored.passwordHash!, PASSWORD)).toBe(true);
    expect(stored.tokens[0]!.usedAt).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "admin.invitationAccepted", targetId: admin.id, actorId: admin.id } })).toBe(1);

    // Single use: the same link again is refused and the password stays.
    const again = await redeemAdminLink({ token, password: "another-password-123", confirmation: "another-password-123" });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/already been used/) });
    const after = await prisma.adminUser.findUniqueOrThrow({ where: { id: admin.id }, select: { passwordHash: true } });
    expect(after.passwordHash).toBe(stored.passwordHash);
    expect(vi.mocked(signIn)).toHaveBeenCalledTimes(1);
  });

  it("names every problem at once: a short password and a confirmation that differs", async () => {
    const result = await redeemAdminLink({ token: "any", password: "short", confirmation: "other" });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Use at least 12 characters."], confirmation: ["The two passwords differ."] },
    });
  });

  it("while someone else is signed in, refuses (the page asks first) and changes nothing", async () => {
    const { token, admin } = await invite();
    const result = await redeemAdminLink({ token, password: PASSWORD, confirmation: PASSWORD });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`You are signed in as ${owner.email}`) });
    const stored = await prisma.adminUser.findUniqueOrThrow({ where: { id: admin.id }, select: { passwordHash: true, tokens: { select: { usedAt: true } } } });
    expect(stored).toEqual({ passwordHash: null, tokens: [{ usedAt: null }] });
    const { signIn } = await import("@/lib/auth/auth");
    expect(vi.mocked(signIn)).not.toHaveBeenCalled();
  });

  it("continuing as the invited person ends the other session on the server, then shows the link again", async () => {
    const { token } = await invite();
    const other = await createTestAdmin();
    await signInAs(other);
    const redirected = await signOutForLink(token).then(
      () => null,
      (error: unknown) => error as { digest?: string },
    );
    expect(redirected?.digest).toContain(`/invitation/${token}`);
    const session = await prisma.adminSession.findUniqueOrThrow({ where: { id: other.sessionId } });
    expect(session.revokedAt).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "admin.signedOut", actorId: other.id } })).toBe(1);
    const { signOut } = await import("@/lib/auth/auth");
    expect(vi.mocked(signOut)).toHaveBeenCalledWith({ redirect: false });
  });

  it("refuses an expired, a revoked, a replaced and an unknown link, saying how to get a new one", async () => {
    const expired = await invite();
    await prisma.adminToken.updateMany({ where: { adminId: expired.admin.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await invite();
    ok(await revokeAdminLinks({ id: revoked.admin.id }));
    const replaced = await invite();
    const renewed = ok(await issueAdminLink({ id: replaced.admin.id }));
    expect(renewed.kind).toBe("invitation");

    await signInAs(null);
    const tries = { password: PASSWORD, confirmation: PASSWORD };
    expect(await redeemAdminLink({ token: expired.token, ...tries })).toMatchObject({ ok: false, message: expect.stringMatching(/expired.*Ask an Owner/) });
    expect(await redeemAdminLink({ token: revoked.token, ...tries })).toMatchObject({ ok: false, message: expect.stringMatching(/revoked.*Ask an Owner/) });
    expect(await redeemAdminLink({ token: replaced.token, ...tries })).toMatchObject({ ok: false, message: expect.stringMatching(/revoked/) });
    expect(await redeemAdminLink({ token: "x".repeat(43), ...tries })).toMatchObject({ ok: false, message: expect.stringMatching(/not valid/) });
    for (const { admin } of [expired, revoked, replaced]) {
      expect((await prisma.adminUser.findUniqueOrThrow({ where: { id: admin.id }, select: { passwordHash: true } })).passwordHash).toBeNull();
    }
    // The renewed link works.
    expect(await redirectOf(redeemAdminLink({ token: shownUrl(renewed).split("/invitation/")[1]!, ...tries }))).toBe("/");
    expect(await prisma.auditEvent.count({ where: { action: "admin.invitationRevoked", targetId: revoked.admin.id } })).toBe(1);
  });

  it("an invited Owner is not signed in by the link: the second step opens, to enrol a factor first", async () => {
    const { token, admin } = await invite({ role: "Owner" });
    await signInAs(null);
    expect(await redirectOf(redeemAdminLink({ token, password: PASSWORD, confirmation: PASSWORD }))).toBe("/mfa");
    const { signIn } = await import("@/lib/auth/auth");
    expect(vi.mocked(signIn)).not.toHaveBeenCalled();
    expect(cookies.jar.get(CHALLENGE_COOKIE)).toMatch(/^v1\./);
    expect(await prisma.adminSignInChallenge.count({ where: { adminId: admin.id } })).toBe(1);
  });

  it("refuses a weak password with the first admin's rules, and a confirmation that differs", async () => {
    const { token } = await invite();
    const weak = await redeemAdminLink({ token, password: "short", confirmation: "short" });
    expect(weak).toMatchObject({ ok: false, fieldErrors: { password: ["Use at least 12 characters."] } });
    const differs = await redeemAdminLink({ token, password: PASSWORD, confirmation: `${PASSWORD}x` });
    expect(differs).toMatchObject({ ok: false, fieldErrors: { confirmation: ["The two passwords differ."] } });
  });

  it("a password-reset link replaces the password and ends every session of the admin", async () => {
    const member = await createTestAdmin("reset-me@example.test", { role: "Editor" });
    const link = ok(await issueAdminLink({ id: member.id }));
    expect(link.kind).toBe("password_reset");
    expect(await prisma.auditEvent.count({ where: { action: "admin.passwordResetIssued", targetId: member.id } })).toBe(1);
    // Issuing another revokes the first.
    const second = ok(await issueAdminLink({ id: member.id }));
    const open = await prisma.adminToken.count({ where: { adminId: member.id, usedAt: null, revokedAt: null } });
    expect(open).toBe(1);

    await signInAs(null);
    const first = await redeemAdminLink({ token: shownUrl(link).split("/invitation/")[1]!, password: PASSWORD, confirmation: PASSWORD });
    expect(first.ok).toBe(false);
    expect(await redirectOf(redeemAdminLink({ token: shownUrl(second).split("/invitation/")[1]!, password: PASSWORD, confirmation: PASSWORD }))).toBe("/");
    expect(await prisma.adminSession.count({ where: { adminId: member.id, revokedAt: null } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "admin.passwordChanged", targetId: member.id } })).toBe(1);
  });
});

describe("the last-Owner and own-account rules", () => {
  it("nobody changes their own role, disables or deletes themselves", async () => {
    const me = await prisma.adminUser.findUniqueOrThrow({ where: { id: owner.id } });
    const role = await changeAdminRole({ id: owner.id, version: me.version, role: "Editor", profileId: "", profileContextId: "" });
    expect(role).toMatchObject({ ok: false, code: "forbidden", message: expect.stringMatching(/your own role/) });
    expect(await setAdminDisabled({ id: owner.id, disabled: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await deleteAdmin({ id: owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.adminUser.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ role: "Owner", disabledAt: null });
  });

  it("the last active Owner cannot be demoted, disabled or deleted; with a second Owner it can", async () => {
    // A fresh pair in a world where they are the only active Owners: demote every other Owner first.
    await prisma.adminUser.updateMany({ where: { role: "Owner" }, data: { role: "Editor" } });
    const a = await createTestAdmin("owner-a@example.test", { role: "Owner" });
    const b = await createTestAdmin("owner-b@example.test", { role: "Owner" });
    // An invited Owner who has not accepted does not count as active.
    await signInAs(a);
    await invite({ role: "Owner", email: "pending-owner@example.test" });

    const version = async (id: string) => (await prisma.adminUser.findUniqueOrThrow({ where: { id } })).version;
    ok(await changeAdminRole({ id: b.id, version: await version(b.id), role: "Editor", profileId: "", profileContextId: "" }));
    // a is now the last active Owner; b (still signed in, but Editor now) cannot act, and a third Owner can't take a away.
    const c = await createTestAdmin("owner-c@example.test", { role: "Owner" });
    await prisma.adminUser.update({ where: { id: c.id }, data: { disabledAt: new Date() } });
    await signInAs(c); // c's session pretends to be live; the rule is checked in the database anyway
    expect(await changeAdminRole({ id: a.id, version: await version(a.id), role: "Auditor", profileId: "", profileContextId: "" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/last active Owner/),
    });
    expect(await setAdminDisabled({ id: a.id, disabled: true })).toMatchObject({ ok: false, message: expect.stringMatching(/last active Owner/) });
    expect(await deleteAdmin({ id: a.id })).toMatchObject({ ok: false, message: expect.stringMatching(/last active Owner/) });
    expect(await prisma.adminUser.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ role: "Owner", disabledAt: null });

    // With c enabled there are two: demoting a is allowed.
    await prisma.adminUser.update({ where: { id: c.id }, data: { disabledAt: null } });
    ok(await changeAdminRole({ id: a.id, version: await version(a.id), role: "Auditor", profileId: "", profileContextId: "" }));
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.roleChanged", targetId: a.id } });
    expect(event.changes).toEqual({ role: { from: "Owner", to: "Auditor" } });
    await prisma.adminUser.updateMany({ where: { email: { in: ["owner@example.test", "owner-a@example.test"] } }, data: { role: "Owner" } });
  });

  it("two Owners demoting each other at the same time: one wins, one is refused", async () => {
    await prisma.adminUser.updateMany({ where: { role: "Owner" }, data: { role: "Editor" } });
    const a = await createTestAdmin("race-a@example.test", { role: "Owner" });
    const b = await createTestAdmin("race-b@example.test", { role: "Owner" });
    const session = await import("@/lib/auth/session");
    // Each call sees its own admin signed in.
    vi.mocked(session.currentAdmin).mockResolvedValueOnce(a).mockResolvedValueOnce(b);
    const results = await Promise.all([
      changeAdminRole({ id: b.id, version: 1, role: "Editor", profileId: "", profileContextId: "" }),
      changeAdminRole({ id: a.id, version: 1, role: "Editor", profileId: "", profileContextId: "" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ message: expect.stringMatching(/last active Owner/) });
    expect(await prisma.adminUser.count({ where: { role: "Owner", email: { in: ["race-a@example.test", "race-b@example.test"] } } })).toBe(1);
    await prisma.adminUser.updateMany({ where: { email: "owner@example.test" }, data: { role: "Owner" } });
  });

  it("the rule holds when two transactions really overlap (both have read before either writes)", async () => {
    await prisma.adminUser.updateMany({ where: { role: "Owner" }, data: { role: "Editor" } });
    const a = await createTestAdmin("overlap-a@example.test", { role: "Owner" });
    const b = await createTestAdmin("overlap-b@example.test", { role: "Owner" });
    // Both transactions read, then wait for each other (at most 1 s: where the database runs one
    // transaction at a time, the first goes on alone) before checking the rule and demoting.
    let arrived = 0;
    const barrier = () =>
      new Promise<void>((resolve) => {
        arrived += 1;
        const started = Date.now();
        const poll = () => (arrived >= 2 || Date.now() - started > 1000 ? resolve() : setTimeout(poll, 10));
        poll();
      });
    const demote = (actor: CurrentAdmin, target: CurrentAdmin) =>
      runService(actorOf(actor), ALL, async (ctx) => {
        await ctx.tx.adminUser.findUniqueOrThrow({ where: { id: target.id } });
        await barrier();
        await assertMayChangeAdmin(ctx, { id: target.id, role: "Owner" }, "role", "Editor");
        await ctx.tx.adminUser.update({ where: { id: target.id }, data: { role: "Editor" } });
      }).then(
        () => "won",
        (error: Error) => error.message,
      );
    const outcomes = await Promise.all([demote(a, b), demote(b, a)]);
    expect(outcomes.filter((o) => o === "won")).toHaveLength(1);
    expect(outcomes.find((o) => o !== "won")).toMatch(/last active Owner/);
    expect(await prisma.adminUser.count({ where: { role: "Owner", email: { in: ["overlap-a@example.test", "overlap-b@example.test"] } } })).toBe(1);
    await prisma.adminUser.updateMany({ where: { email: "owner@example.test" }, data: { role: "Owner" } });
  });

  it("a change based on an older version is refused", async () => {
    const target = await createTestAdmin("stale@example.test", { role: "Auditor" });
    const result = await changeAdminRole({ id: target.id, version: 99, role: "Editor", profileId: "", profileContextId: "" });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/after you opened/) });
  });
});

describe("disable, enable and delete", () => {
  it("disabling ends every session at once; enabling does not bring them back", async () => {
    const target = await createTestAdmin("disable-me@example.test", { role: "Editor" });
    await prisma.adminSession.create({ data: { adminId: target.id, expiresAt: new Date(Date.now() + 3600_000) } });
    ok(await setAdminDisabled({ id: target.id, disabled: true }));
    expect(await prisma.adminSession.count({ where: { adminId: target.id, revokedAt: null } })).toBe(0);
    expect((await prisma.adminUser.findUniqueOrThrow({ where: { id: target.id } })).disabledAt).not.toBeNull();
    ok(await setAdminDisabled({ id: target.id, disabled: false }));
    expect(await prisma.adminSession.count({ where: { adminId: target.id, revokedAt: null } })).toBe(0);
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.disabled", targetId: target.id } })).toMatchObject({
      changes: { sessionsEnded: 2 },
    });
    expect(await prisma.auditEvent.count({ where: { action: "admin.enabled", targetId: target.id } })).toBe(1);
  });

  it("a disabled admin's link is refused", async () => {
    const { token, admin } = await invite();
    ok(await setAdminDisabled({ id: admin.id, disabled: true }));
    await signInAs(null);
    expect(await redeemAdminLink({ token, password: PASSWORD, confirmation: PASSWORD })).toMatchObject({ ok: false });
  });

  it("deleting removes the account with its sessions, links and walkthrough progress", async () => {
    const { admin } = await invite();
    await prisma.adminSession.create({ data: { adminId: admin.id, expiresAt: new Date(Date.now() + 3600_000) } });
    await prisma.onboardingProgress.create({ data: { adminId: admin.id, dismissedAt: new Date() } });
    await prisma.adminIdentity.create({ data: { adminId: admin.id, issuer: "https://idp.example", subject: "gone", providerName: "corp" } });
    ok(await deleteAdmin({ id: admin.id }));
    expect(await prisma.adminIdentity.count({ where: { adminId: admin.id } })).toBe(0);
    expect(await prisma.onboardingProgress.count({ where: { adminId: admin.id } })).toBe(0);
    expect(await prisma.adminUser.findUnique({ where: { id: admin.id } })).toBeNull();
    expect(await prisma.adminSession.count({ where: { adminId: admin.id } })).toBe(0);
    expect(await prisma.adminToken.count({ where: { adminId: admin.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "admin.deleted", targetId: admin.id } })).toBe(1);
  });
});

describe("removeAdminIdentities", () => {
  it("an Owner removes an admin's linked provider accounts, audited with what they were; nothing to remove is refused", async () => {
    const { admin } = await invite();
    const other = await invite();
    await prisma.adminIdentity.createMany({
      data: [
        { adminId: admin.id, issuer: "https://idp.example", subject: "s-1", providerName: "corp" },
        { adminId: admin.id, issuer: "https://other.example", subject: "s-2", providerName: "partners" },
        { adminId: other.admin.id, issuer: "https://idp.example", subject: "s-3", providerName: "corp" },
      ],
    });
    ok(await removeAdminIdentities({ id: admin.id }));
    expect(await prisma.adminIdentity.count({ where: { adminId: admin.id } })).toBe(0);
    expect(await prisma.adminIdentity.count({ where: { adminId: other.admin.id } })).toBe(1);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.identitiesRemoved", targetId: admin.id } });
    expect(event).toMatchObject({ actorId: owner.id });
    expect(event.changes).toEqual({
      identities: [
        { providerName: "corp", issuer: "https://idp.example", subject: "s-1" },
        { providerName: "partners", issuer: "https://other.example", subject: "s-2" },
      ],
    });
    expect(await removeAdminIdentities({ id: admin.id })).toMatchObject({ ok: false, message: "This admin has no linked provider account." });
    expect(await removeAdminIdentities({ id: "no-such-admin" })).toMatchObject({ ok: false });
  });

  it("is refused to an Editor, and changes nothing", async () => {
    const { admin } = await invite();
    await prisma.adminIdentity.create({ data: { adminId: admin.id, issuer: "https://idp.example", subject: "kept", providerName: "corp" } });
    await signInAs(await createTestAdmin(undefined, { role: "Editor" }));
    expect(await removeAdminIdentities({ id: admin.id })).toMatchObject({ ok: false });
    expect(await prisma.adminIdentity.count({ where: { adminId: admin.id } })).toBe(1);
  });
});

describe("/account", () => {
  it("an Auditor changes their own name and password (current password required); other sessions end", async () => {
    const { hashPassword } = await import("@/lib/auth/password");
    const me = await createTestAdmin("auditor-account@example.test", { role: "Auditor" });
    await prisma.adminUser.update({ where: { id: me.id }, data: { passwordHash: await hashPassword("the-old-password-1") } });
    const other = await prisma.adminSession.create({ data: { adminId: me.id, expiresAt: new Date(Date.now() + 3600_000) } });
    await signInAs(me);

    ok(await updateOwnName({ name: "New Name" }));
    expect((await prisma.adminUser.findUniqueOrThrow({ where: { id: me.id } })).name).toBe("New Name");

    const wrong = await changeOwnPassword({ currentPassword: "not-it", password: PASSWORD, confirmation: PASSWORD });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: ["This is not your current password."] } });
    ok(await changeOwnPassword({ currentPassword: "the-old-password-1", password: PASSWORD, confirmation: PASSWORD }));
    const stored = await prisma.adminUser.findUniqueOrThrow({ where: { id: me.id }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash!, PASSWORD)).toBe(true);
    expect((await prisma.adminSession.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).not.toBeNull();
    expect((await prisma.adminSession.findUniqueOrThrow({ where: { id: me.sessionId } })).revokedAt).toBeNull();
  });

  it("an admin without a password (identity provider only) is told to ask for a reset link", async () => {
    const me = await createTestAdmin("sso-only@example.test", { role: "Editor" });
    await prisma.adminUser.update({ where: { id: me.id }, data: { passwordHash: null, lastSignInAt: new Date(), lastSignInMethod: "provider:Corp" } });
    await signInAs(me);
    const result = await changeOwnPassword({ currentPassword: "anything", password: PASSWORD, confirmation: PASSWORD });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/password-reset link/) });
  });
});

describe("the audit trail", () => {
  it("holds no password, token or hash", async () => {
    const events = await prisma.auditEvent.findMany({ where: { action: { startsWith: "admin." } } });
    expect(events.length).toBeGreaterThan(10);
    const text = JSON.stringify(events);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/\$argon2/);
    const hashes = await prisma.adminToken.findMany({ select: { tokenHash: true } });
    for (const { tokenHash } of hashes) expect(text).not.toContain(tokenHash);
    expect(text).not.toMatch(/tokenHash|passwordHash|"token"/);
  });
});
