import { beforeEach, describe, expect, it, vi } from "vitest";
import { isEnvelope } from "@/lib/crypto/encryption";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { cookieJar, redirectOf } from "@/lib/testing/next";
import type { CurrentAdmin } from "@/lib/auth/session";
import type { Tx } from "@/lib/db/client";
import {
  completeSignInEnrolment,
  confirmSignInEnrolment,
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  removeOwnFactor,
  renameOwnFactor,
  resetAdminFactors,
  setMfaRequirement,
  startTotpEnrolment,
  verifySecondStep,
} from "./actions";
import { CHALLENGE_COOKIE } from "./pending";
import { secondStepOf } from "./service";
import { continueSignIn } from "./sign-in";
import { totpCode, totpStep } from "./totp";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
// Auth.js does not load outside Next.js: signIn("login-grant") is checked by what it receives.
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
const cookies = cookieJar();
let address = "192.0.2.1";
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "portal.test", [CLIENT_ADDRESS_HEADER]: address }),
  cookies: async () => cookies.store,
}));

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

const now = () => totpStep(Date.now());

/** Enrols an authenticator app for the signed-in admin; its key, its first step and the recovery codes. */
async function enrol(admin: CurrentAdmin) {
  await signInAs(admin);
  const enrolment = ok(await startTotpEnrolment({}));
  const step = now() - 1; // an older step of the window, so the tests can still use the current one
  const { recoveryCodes } = ok(await confirmTotpEnrolment({ factorId: enrolment.factorId, name: "Phone", code: totpCode(enrolment.secret, step) }));
  return { ...enrolment, recoveryCodes };
}

async function signInFlow(admin: { id: string }) {
  await signInAs(null);
  cookies.jar.clear();
  return continueSignIn(admin.id, "password", "/clients?q=1");
}

async function lastGrant() {
  const { signIn } = await import("@/lib/auth/auth");
  const { redeemLoginGrant } = await import("@/lib/auth/login-grant");
  const call = vi.mocked(signIn).mock.calls.at(-1);
  return call ? redeemLoginGrant((call[1] as { grant: string }).grant) : null;
}

beforeEach(async () => {
  const { signIn } = await import("@/lib/auth/auth");
  vi.mocked(signIn).mockReset();
  address = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
});

describe("factors on /account", () => {
  it("enrols an authenticator app with a first code; its seed is sealed, the recovery codes hashed", async () => {
    const admin = await createTestAdmin("enrol@example.test", { role: "Editor" });
    await signInAs(admin);
    const enrolment = ok(await startTotpEnrolment({}));
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    // Asked again before confirming: the same key (an app may have scanned it already).
    expect(ok(await startTotpEnrolment({})).secret).toBe(enrolment.secret);

    const wrong = await confirmTotpEnrolment({
      factorId: enrolment.factorId,
      name: "Phone",
      code: "000000" === totpCode(enrolment.secret, now()) ? "111111" : "000000",
    });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { code: [expect.stringMatching(/not valid/)] } });
    const { recoveryCodes } = ok(await confirmTotpEnrolment({ factorId: enrolment.factorId, name: "Phone", code: totpCode(enrolment.secret, now()) }));
    expect(recoveryCodes).toHaveLength(10);

    const stored = await prisma.adminFactor.findFirstOrThrow({
      where: { adminId: admin.id },
      select: { secretEncrypted: true, confirmedAt: true, lastUsedStep: true },
    });
    expect(isEnvelope(stored.secretEncrypted!)).toBe(true);
    expect(stored.confirmedAt).not.toBeNull();
    expect(stored.lastUsedStep).toBe(now());
    expect(await prisma.auditEvent.count({ where: { action: "admin.factorAdded", targetId: admin.id } })).toBe(1);
    const contents = (await databaseContents()).toString("latin1");
    expect(contents).not.toContain(enrolment.secret);
    for (const code of recoveryCodes) expect(contents).not.toContain(code.replaceAll("-", ""));
    expect(contents).not.toContain(recoveryCodes[0]!);
  });

  it("renames and removes; the last factor of an admin the requirement covers stays", async () => {
    const owner = await createTestAdmin("keep-last@example.test", { role: "Owner" });
    const first = await enrol(owner);
    const second = await enrol(owner);
    expect(second.recoveryCodes).toEqual([]); // the first factor brought them
    ok(await renameOwnFactor({ factorId: second.factorId, name: "Backup" }));
    expect((await prisma.adminFactor.findUniqueOrThrow({ where: { id: second.factorId } })).name).toBe("Backup");

    ok(await removeOwnFactor({ factorId: second.factorId }));
    const last = await removeOwnFactor({ factorId: first.factorId });
    expect(last).toMatchObject({ ok: false, message: expect.stringMatching(/last factor.*add another factor first/) });
    expect(await prisma.adminFactor.count({ where: { adminId: owner.id } })).toBe(1);

    // Another admin's factor does not exist for this one.
    const other = await createTestAdmin("other-owner@example.test", { role: "Owner" });
    await signInAs(other);
    expect(await renameOwnFactor({ factorId: first.factorId, name: "Mine" })).toMatchObject({ ok: false, message: expect.stringMatching(/no longer exists/) });
    expect(await removeOwnFactor({ factorId: first.factorId })).toMatchObject({ ok: false });
  });

  it("an admin the requirement does not cover may remove the last factor; the recovery codes go with it", async () => {
    const editor = await createTestAdmin("editor-remove@example.test", { role: "Editor" });
    const factor = await enrol(editor);
    ok(await removeOwnFactor({ factorId: factor.factorId }));
    expect(await prisma.adminRecoveryCode.count({ where: { adminId: editor.id } })).toBe(0);
  });

  it("new recovery codes replace the old ones", async () => {
    const admin = await createTestAdmin("regen@example.test", { role: "Editor" });
    const { recoveryCodes: before } = await enrol(admin);
    const { recoveryCodes: after } = ok(await regenerateRecoveryCodes({}));
    expect(after).toHaveLength(10);
    expect(after).not.toContain(before[0]);
    expect(await prisma.adminRecoveryCode.count({ where: { adminId: admin.id } })).toBe(10);
  });
});

describe("an Owner resets another admin's factors", () => {
  it("removes factors and codes, ends the sessions, audits; not one's own", async () => {
    const owner = await createTestAdmin("resetter@example.test", { role: "Owner" });
    const lost = await createTestAdmin("lost-phone@example.test", { role: "Owner" });
    await enrol(lost);
    await signInAs(owner);
    ok(await resetAdminFactors({ id: lost.id }));
    expect(await prisma.adminFactor.count({ where: { adminId: lost.id } })).toBe(0);
    expect(await prisma.adminRecoveryCode.count({ where: { adminId: lost.id } })).toBe(0);
    expect(await prisma.adminSession.count({ where: { adminId: lost.id, revokedAt: null } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "admin.factorsReset", targetId: lost.id, actorId: owner.id } })).toBe(1);
    expect(await resetAdminFactors({ id: owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    // At the next sign-in the Owner enrols again.
    expect((await secondStepOf(prisma as unknown as Tx, lost.id)).step).toBe("enrol");
  });
});

describe("the requirement", () => {
  it("an Owner tightens it, never below MFA_REQUIRED_FOR", async () => {
    const owner = await createTestAdmin("level@example.test", { role: "Owner" });
    const editor = await createTestAdmin("level-editor@example.test", { role: "Editor" });
    await signInAs(owner);
    expect((await secondStepOf(prisma as unknown as Tx, editor.id)).step).toBe("none");
    expect(await setMfaRequirement({ level: "none" })).toMatchObject({ ok: false, fieldErrors: { level: [expect.any(String)] } });
    ok(await setMfaRequirement({ level: "all" }));
    expect((await secondStepOf(prisma as unknown as Tx, editor.id)).step).toBe("enrol");
    ok(await setMfaRequirement({ level: "owners" }));
    expect((await secondStepOf(prisma as unknown as Tx, editor.id)).step).toBe("none");
    // With MFA_REQUIRED_FOR=none the stored level still holds; lowered to none, nobody must enrol.
    vi.stubEnv("MFA_REQUIRED_FOR", "none");
    const newOwner = await createTestAdmin("owner-none@example.test", { role: "Owner" });
    expect((await secondStepOf(prisma as unknown as Tx, newOwner.id)).step).toBe("enrol");
    ok(await setMfaRequirement({ level: "none" }));
    expect((await secondStepOf(prisma as unknown as Tx, newOwner.id)).step).toBe("none");
    vi.unstubAllEnvs();
    expect(await prisma.auditEvent.count({ where: { action: "settings.mfaRequirementChanged" } })).toBe(3);
  });
});

describe("the second step of a sign-in", () => {
  it("an admin without a factor whom the requirement does not cover is signed in at once", async () => {
    const editor = await createTestAdmin("plain-editor@example.test", { role: "Editor" });
    expect(await signInFlow(editor)).toBe("/clients?q=1");
    expect(await lastGrant()).toEqual({ adminId: editor.id, method: "password" });
    expect(cookies.jar.has(CHALLENGE_COOKIE)).toBe(false);
  });

  it("a code signs in once; the same code again is refused; failures are audited without the code", async () => {
    const owner = await createTestAdmin("second-step@example.test", { role: "Owner" });
    const { secret } = await enrol(owner);
    expect(await signInFlow(owner)).toBe("/mfa");
    const { signIn } = await import("@/lib/auth/auth");
    expect(vi.mocked(signIn)).not.toHaveBeenCalled();

    expect(await verifySecondStep({ code: "123 456" === totpCode(secret, now()) ? "654321" : "123456" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid/),
    });
    const failed = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.secondFactorFailed", targetId: owner.id } });
    expect(JSON.stringify(failed)).not.toMatch(/123456|654321/);

    const code = totpCode(secret, now());
    expect(await redirectOf(verifySecondStep({ code }))).toBe("/clients?q=1");
    expect(await lastGrant()).toEqual({ adminId: owner.id, method: "password", secondFactor: "totp" });
    expect(cookies.jar.has(CHALLENGE_COOKIE)).toBe(false);
    expect(await prisma.adminSignInChallenge.count({ where: { adminId: owner.id } })).toBe(0);

    // A replay, in a new sign-in: refused.
    await signInFlow(owner);
    expect(await verifySecondStep({ code })).toMatchObject({ ok: false, message: expect.stringMatching(/already used/) });
    // The next step's code works.
    expect(await redirectOf(verifySecondStep({ code: totpCode(secret, now() + 1) }))).toBe("/clients?q=1");
  });

  it("a copied challenge cookie is worth nothing once the sign-in completed", async () => {
    const owner = await createTestAdmin("copied@example.test", { role: "Owner" });
    const { secret } = await enrol(owner);
    await signInFlow(owner);
    const copy = cookies.jar.get(CHALLENGE_COOKIE)!;
    await redirectOf(verifySecondStep({ code: totpCode(secret, now()) }));
    cookies.jar.set(CHALLENGE_COOKIE, copy);
    expect(await verifySecondStep({ code: totpCode(secret, now() + 1) })).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
    // A cookie tampered with, or none at all: the same.
    cookies.jar.set(CHALLENGE_COOKIE, `${copy.slice(0, -2)}AA`);
    expect(await verifySecondStep({ code: "123456" })).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
    cookies.jar.clear();
    expect(await verifySecondStep({ code: "123456" })).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
  });

  it("each recovery code works once", async () => {
    const owner = await createTestAdmin("recovery@example.test", { role: "Owner" });
    const { recoveryCodes } = await enrol(owner);
    await signInFlow(owner);
    expect(await redirectOf(verifySecondStep({ code: recoveryCodes[3]!.toLowerCase() }))).toBe("/clients?q=1");
    expect(await lastGrant()).toMatchObject({ secondFactor: "recovery_code" });
    await signInFlow(owner);
    expect(await verifySecondStep({ code: recoveryCodes[3]! })).toMatchObject({ ok: false });
    expect(await prisma.adminRecoveryCode.count({ where: { adminId: owner.id, usedAt: null } })).toBe(9);
  });

  it("is rate limited per admin: past the limit even the right code is refused", async () => {
    const owner = await createTestAdmin("limited@example.test", { role: "Owner" });
    const { secret } = await enrol(owner);
    await signInFlow(owner);
    for (let i = 0; i < 10; i++) {
      address = `198.51.100.${i + 1}`; // from many addresses: the limit per admin holds
      expect(await verifySecondStep({ code: "000000" === totpCode(secret, now()) ? "111111" : "000000" })).toMatchObject({
        ok: false,
        message: expect.stringMatching(/not valid/),
      });
    }
    expect(await verifySecondStep({ code: totpCode(secret, now()) })).toMatchObject({ ok: false, message: expect.stringMatching(/Too many attempts/) });
    expect(await prisma.adminSignInChallenge.count({ where: { adminId: owner.id } })).toBe(1);
  });

  it("an Owner without a factor enrols at sign-in and gets recovery codes; then the session starts", async () => {
    const owner = await createTestAdmin("enrol-at-sign-in@example.test", { role: "Owner" });
    expect(await signInFlow(owner)).toBe("/mfa");
    const { signInEnrolment } = await import("./enrolment");
    const enrolment = (await signInEnrolment())!;
    // Not signed in before the recovery codes are saved…
    expect(await completeSignInEnrolment()).toMatchObject({ ok: false });
    const result = ok(await confirmSignInEnrolment({ factorId: enrolment.factorId, name: "Phone", code: totpCode(enrolment.secret, now()) }));
    expect(result.recoveryCodes).toHaveLength(10);
    expect(await lastGrant()).toBeNull();
    // …then once.
    expect(await redirectOf(completeSignInEnrolment())).toBe("/clients?q=1");
    expect(await lastGrant()).toEqual({ adminId: owner.id, method: "password", secondFactor: "totp" });
    expect(await completeSignInEnrolment()).toMatchObject({ ok: false });
    // Another admin's pending enrolment cannot be confirmed with this challenge.
    const other = await createTestAdmin("enrol-other@example.test", { role: "Owner" });
    await signInAs(other);
    const foreign = ok(await startTotpEnrolment({}));
    await signInFlow(owner);
    expect(await confirmSignInEnrolment({ factorId: foreign.factorId, name: "x", code: totpCode(foreign.secret, now()) })).toMatchObject({ ok: false });
  });
});
