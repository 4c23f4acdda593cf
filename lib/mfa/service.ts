import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/actions/result";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery";
import { effectiveMfaLevel, environmentMfaLevel, mayStoreMfaLevel, MFA_SETTING_KEY, mfaRequiredFor, type MfaLevel } from "./requirement";
import { acceptTotp, newTotpSecret, totpUri } from "./totp";

// The second-factor mutations (ADR 017): one service function each, called with the wrapper's
// context (adminAction), or with a transaction of their own at sign-in. The rules live here only:
// a factor counts once confirmed; a TOTP step is accepted once; a recovery code works once; nobody
// covered by the requirement removes their last factor.

export type FactorKind = "totp" | "passkey";
export type SecondFactorUsed = "totp" | "passkey" | "recovery_code";

/** How long an unconfirmed authenticator-app enrolment keeps its key (a reload shows the same one). */
const ENROLMENT_TTL_MS = 15 * 60_000;

const sealSecret = (factorId: string, secret: string) => encrypt(secret, `admin-factor:${factorId}`);
const openSecret = (factorId: string, envelope: string) => decryptString(envelope, `admin-factor:${factorId}`);

/** The level in force: the environment's, or the stricter one an Owner stored. */
export async function currentMfaLevel(tx: Tx): Promise<MfaLevel> {
  const stored = await tx.portalSetting.findUnique({ where: { key: MFA_SETTING_KEY }, select: { value: true } });
  return effectiveMfaLevel(environmentMfaLevel(), stored?.value);
}

/** An Owner raises (or lowers back to the environment's floor) who must use a second factor. */
export async function setMfaLevel(ctx: ServiceContext, level: MfaLevel): Promise<void> {
  const floor = environmentMfaLevel();
  if (!mayStoreMfaLevel(floor, level))
    throw new ActionError(`The server's MFA_REQUIRED_FOR is "${floor}": the portal may require more, never less.`, {
      level: ["Choose this level or a stricter one."],
    });
  const before = await currentMfaLevel(ctx.tx);
  await ctx.tx.portalSetting.upsert({
    where: { key: MFA_SETTING_KEY },
    create: { key: MFA_SETTING_KEY, value: level, updatedBy: ctx.actor.label },
    update: { value: level, updatedBy: ctx.actor.label },
  });
  if (before !== level)
    await ctx.audit({
      action: "settings.mfaRequirementChanged",
      target: { type: "setting", id: MFA_SETTING_KEY, label: "MFA required for" },
      changes: { level: { from: before, to: level } },
    });
}

/** What the second step of an admin's sign-in is: their factors, or enrolment when they must have one. */
export async function secondStepOf(tx: Tx, adminId: string): Promise<{ step: "none" | "verify" | "enrol"; hasPasskey: boolean }> {
  const admin = await tx.adminUser.findUnique({
    where: { id: adminId },
    select: { role: true, factors: { where: { confirmedAt: { not: null } }, select: { kind: true } } },
  });
  if (!admin) return { step: "none", hasPasskey: false };
  const hasPasskey = admin.factors.some((f) => f.kind === "passkey");
  if (admin.factors.length > 0) return { step: "verify", hasPasskey };
  return { step: mfaRequiredFor(admin.role, await currentMfaLevel(tx)) ? "enrol" : "none", hasPasskey };
}

/**
 * The admin's authenticator-app enrolment under way: its key and otpauth:// URI (the key's one
 * showing, to its owner). An unconfirmed factor younger than 15 minutes is reused, so reloading the
 * page keeps the key an app may already have scanned; older ones are dropped.
 */
export async function pendingTotpEnrolment(
  tx: Tx,
  admin: { id: string; email: string },
  now = new Date(),
): Promise<{ factorId: string; secret: string; uri: string }> {
  await tx.adminFactor.deleteMany({ where: { adminId: admin.id, confirmedAt: null, createdAt: { lt: new Date(now.getTime() - ENROLMENT_TTL_MS) } } });
  const pending = await tx.adminFactor.findFirst({
    where: { adminId: admin.id, kind: "totp", confirmedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, secretEncrypted: true },
  });
  if (pending?.secretEncrypted) {
    const secret = openSecret(pending.id, pending.secretEncrypted);
    return { factorId: pending.id, secret, uri: totpUri(secret, admin.email) };
  }
  const secret = newTotpSecret();
  const factor = await tx.adminFactor.create({ data: { adminId: admin.id, kind: "totp", name: "Authenticator app" }, select: { id: true } });
  await tx.adminFactor.update({ where: { id: factor.id }, data: { secretEncrypted: sealSecret(factor.id, secret) } });
  return { factorId: factor.id, secret, uri: totpUri(secret, admin.email) };
}

const WRONG_CODE = "This code is not valid (or was already used). Enter the current code from your app.";

/**
 * Confirms an authenticator-app enrolment with a first code (which counts as used). Returns new
 * recovery codes when the admin has none left unused (their first factor), else an empty list.
 */
export async function confirmTotp(
  ctx: Pick<ServiceContext, "tx" | "audit">,
  admin: { id: string; email: string },
  values: { factorId: string; name: string; code: string },
  now = Date.now(),
): Promise<{ recoveryCodes: string[] }> {
  const factor = await ctx.tx.adminFactor.findFirst({
    where: { id: values.factorId, adminId: admin.id, kind: "totp", confirmedAt: null },
    select: { id: true, secretEncrypted: true },
  });
  if (!factor?.secretEncrypted) throw new NotFoundError("This enrolment has expired. Start again.");
  const step = acceptTotp(openSecret(factor.id, factor.secretEncrypted), values.code, null, now);
  if (step === null) throw new ActionError(WRONG_CODE, { code: [WRONG_CODE] });
  await ctx.tx.adminFactor.update({
    where: { id: factor.id },
    data: { name: values.name, confirmedAt: new Date(now), lastUsedStep: step, lastUsedAt: new Date(now) },
  });
  await ctx.audit({ action: "admin.factorAdded", target: { type: "admin", id: admin.id, label: admin.email }, changes: { kind: "totp", name: values.name } });
  return { recoveryCodes: await ensureRecoveryCodes(ctx, admin) };
}

/** New recovery codes when the admin has none unused; [] otherwise. */
export async function ensureRecoveryCodes(ctx: Pick<ServiceContext, "tx" | "audit">, admin: { id: string; email: string }): Promise<string[]> {
  const unused = await ctx.tx.adminRecoveryCode.count({ where: { adminId: admin.id, usedAt: null } });
  return unused > 0 ? [] : replaceRecoveryCodes(ctx, admin);
}

/** Replaces the admin's recovery codes with ten new ones (shown once; only their hashes are kept). */
export async function replaceRecoveryCodes(ctx: Pick<ServiceContext, "tx" | "audit">, admin: { id: string; email: string }): Promise<string[]> {
  const factors = await ctx.tx.adminFactor.count({ where: { adminId: admin.id, confirmedAt: { not: null } } });
  if (factors === 0) throw new ConflictError("Add an authenticator app or a passkey first: recovery codes stand in for a lost factor.");
  const codes = newRecoveryCodes();
  await ctx.tx.adminRecoveryCode.deleteMany({ where: { adminId: admin.id } });
  await ctx.tx.adminRecoveryCode.createMany({ data: codes.map((code) => ({ adminId: admin.id, codeHash: hashRecoveryCode(code) })) });
  await ctx.audit({ action: "admin.recoveryCodesGenerated", target: { type: "admin", id: admin.id, label: admin.email }, changes: { count: codes.length } });
  return codes;
}

async function ownFactor(tx: Tx, adminId: string, factorId: string) {
  const factor = await tx.adminFactor.findFirst({ where: { id: factorId, adminId, confirmedAt: { not: null } }, select: { id: true, kind: true, name: true } });
  if (!factor) throw new NotFoundError("This factor no longer exists.");
  return factor;
}

export async function renameFactor(ctx: ServiceContext, admin: { id: string; email: string }, values: { factorId: string; name: string }): Promise<void> {
  const factor = await ownFactor(ctx.tx, admin.id, values.factorId);
  if (factor.name === values.name) return;
  await ctx.tx.adminFactor.update({ where: { id: factor.id }, data: { name: values.name } });
  await ctx.audit({
    action: "admin.factorRenamed",
    target: { type: "admin", id: admin.id, label: admin.email },
    changes: { kind: factor.kind, name: { from: factor.name, to: values.name } },
  });
}

/**
 * Removes one of the admin's own factors. The last one stays while the requirement covers the
 * admin: enrol another first. With the last factor go the recovery codes.
 */
export async function removeFactor(ctx: ServiceContext, admin: { id: string; email: string }, factorId: string): Promise<void> {
  const factor = await ownFactor(ctx.tx, admin.id, factorId);
  const others = await ctx.tx.adminFactor.count({ where: { adminId: admin.id, confirmedAt: { not: null }, id: { not: factor.id } } });
  if (others === 0) {
    const { role } = await ctx.tx.adminUser.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true } });
    if (mfaRequiredFor(role, await currentMfaLevel(ctx.tx)))
      throw new ConflictError("This is your last factor and your role must sign in with one: add another factor first.");
    await ctx.tx.adminRecoveryCode.deleteMany({ where: { adminId: admin.id } });
  }
  await ctx.tx.adminFactor.delete({ where: { id: factor.id } });
  await ctx.audit({
    action: "admin.factorRemoved",
    target: { type: "admin", id: admin.id, label: admin.email },
    changes: { kind: factor.kind, name: factor.name },
  });
}

/**
 * An Owner resets another admin's factors (a lost phone): every factor and recovery code goes, and
 * the admin's sessions end; at the next sign-in they enrol again if the requirement covers them.
 */
export async function resetFactors(ctx: ServiceContext, targetId: string): Promise<void> {
  if (ctx.actor.type === "admin" && ctx.actor.id === targetId) throw new ForbiddenError("Manage your own factors on your account page.");
  const target = await ctx.tx.adminUser.findUnique({ where: { id: targetId }, select: { id: true, email: true } });
  if (!target) throw new NotFoundError("This admin no longer exists.");
  const { count } = await ctx.tx.adminFactor.deleteMany({ where: { adminId: target.id } });
  await ctx.tx.adminRecoveryCode.deleteMany({ where: { adminId: target.id } });
  await ctx.tx.adminSession.updateMany({ where: { adminId: target.id, revokedAt: null }, data: { revokedAt: new Date() } });
  await ctx.audit({ action: "admin.factorsReset", target: { type: "admin", id: target.id, label: target.email }, changes: { factors: count } });
}

/**
 * Checks a second-step code: a six-digit code against each authenticator app (a step newer than its
 * last accepted one, recorded with a conditional update so two concurrent uses cannot both pass), or
 * an unused recovery code (marked used in the same conditional way). Null when it matches nothing.
 */
export async function useSecondFactorCode(tx: Tx, adminId: string, code: string, now = Date.now()): Promise<SecondFactorUsed | null> {
  const recovery = normalizeRecoveryCode(code);
  if (recovery) {
    const { count } = await tx.adminRecoveryCode.updateMany({
      where: { adminId, codeHash: hashRecoveryCode(recovery), usedAt: null },
      data: { usedAt: new Date(now) },
    });
    return count === 1 ? "recovery_code" : null;
  }
  const factors = await tx.adminFactor.findMany({
    where: { adminId, kind: "totp", confirmedAt: { not: null } },
    select: { id: true, secretEncrypted: true, lastUsedStep: true },
  });
  for (const factor of factors) {
    if (!factor.secretEncrypted) continue;
    const step = acceptTotp(openSecret(factor.id, factor.secretEncrypted), code, factor.lastUsedStep, now);
    if (step === null) continue;
    const { count } = await tx.adminFactor.updateMany({
      where: { id: factor.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
      data: { lastUsedStep: step, lastUsedAt: new Date(now) },
    });
    if (count === 1) return "totp";
  }
  return null;
}
