"use server";

import { cookies, headers } from "next/headers";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { publicAction } from "@/lib/actions/public-action";
import { ActionError, fieldErrorsOf, type ActionResult } from "@/lib/actions/result";
import { actorOf, recordAudit } from "@/lib/audit/audit";
import { limiterFor } from "@/lib/auth/rate-limit";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { portalOrigin } from "@/lib/http/origin";
import { totpEnrolmentFor } from "./enrolment";
import {
  authenticationOptions,
  finishRegistration,
  PASSKEY_REGISTRATION_COOKIE,
  PASSKEY_REGISTRATION_TTL_SECONDS,
  registrationOptions,
  relyingPartyOf,
  usePasskey,
} from "./passkey";
import { consumeChallenge, markChallengeVerified, setWebauthnChallenge, type Challenge } from "./pending";
import {
  confirmTotpSchema,
  factorIdOnlySchema,
  mfaLevelSchema,
  noInputSchema,
  renameFactorSchema,
  passkeyRegistrationSchema,
  passkeySignInSchema,
  resetFactorsSchema,
  secondStepSchema,
} from "./schema";
import {
  confirmTotp,
  removeFactor,
  renameFactor,
  replaceRecoveryCodes,
  resetFactors,
  setMfaLevel,
  useSecondFactorCode,
  type SecondFactorUsed,
} from "./service";
import { clearChallengeCookie, currentChallenge, startSession } from "./sign-in";

// Second factors: the admin's own (/account), an Owner's reset and requirement (/admins), and the
// second step of a sign-in (/mfa, public: the sealed challenge cookie is the credential).

/** /account: starts adding an authenticator app (nothing counts until confirmed with a code). */
export const startTotpEnrolment = adminAction("account.write", noInputSchema, async (_values, ctx) => totpEnrolmentFor(ctx.tx, ctx.admin));

/** /account: confirms an authenticator app; the first factor also brings ten recovery codes, shown once. */
export const confirmTotpEnrolment = adminAction("account.write", confirmTotpSchema, async (values, ctx) => {
  const result = await confirmTotp(ctx, ctx.admin, values);
  revalidatePath("/account");
  return result;
});

export const renameOwnFactor = adminAction("account.write", renameFactorSchema, async (values, ctx) => {
  await renameFactor(ctx, ctx.admin, values);
  revalidatePath("/account");
  return null;
});

export const removeOwnFactor = adminAction("account.write", factorIdOnlySchema, async ({ factorId }, ctx) => {
  await removeFactor(ctx, ctx.admin, factorId);
  revalidatePath("/account");
  return null;
});

/** /account: ten new recovery codes (the old ones stop working), shown once. */
export const regenerateRecoveryCodes = adminAction("account.write", noInputSchema, async (_values, ctx) => {
  const recoveryCodes = await replaceRecoveryCodes(ctx, ctx.admin);
  revalidatePath("/account");
  return { recoveryCodes };
});

/** /admins: an Owner removes another admin's factors and recovery codes (a lost phone); their sessions end. */
export const resetAdminFactors = adminAction("admins.write", resetFactorsSchema, async ({ id }, ctx) => {
  await resetFactors(ctx, id);
  revalidatePath("/admins");
  return null;
});

/** /admins: who must use a second factor, at least what MFA_REQUIRED_FOR says. */
export const setMfaRequirement = adminAction("admins.write", mfaLevelSchema, async ({ level }, ctx) => {
  await setMfaLevel(ctx, level);
  revalidatePath("/admins");
  return null;
});

async function relyingParty() {
  return relyingPartyOf(await portalOrigin());
}

/** /account: starts adding a passkey (the browser's ceremony follows; its challenge waits in a sealed cookie). */
export const startPasskeyRegistration = adminAction("account.write", noInputSchema, async (_values, ctx) => {
  const account = await ctx.tx.adminUser.findUniqueOrThrow({ where: { id: ctx.admin.id }, select: { name: true } });
  const { options, cookie } = await registrationOptions(ctx.tx, { ...ctx.admin, name: account.name }, await relyingParty());
  const secure = (await portalOrigin()).startsWith("https:");
  (await cookies()).set(PASSKEY_REGISTRATION_COOKIE, cookie, {
    httpOnly: true,
    secure,
    sameSite: "strict",
    path: "/",
    maxAge: PASSKEY_REGISTRATION_TTL_SECONDS,
  });
  return options;
});

/** /account: stores the passkey the browser created; the first factor also brings recovery codes, shown once. */
export const finishPasskeyRegistration = adminAction("account.write", passkeyRegistrationSchema, async (values, ctx) => {
  const jar = await cookies();
  const cookie = jar.get(PASSKEY_REGISTRATION_COOKIE)?.value;
  const result = await finishRegistration(ctx, ctx.admin, values, cookie, await relyingParty());
  jar.delete(PASSKEY_REGISTRATION_COOKIE);
  revalidatePath("/account");
  return result;
});

// ——— The second step of a sign-in ———

const perAdmin = limiterFor("RATE_LIMIT_SECOND_FACTOR_PER_ADMIN");
const perAddress = limiterFor("RATE_LIMIT_SECOND_FACTOR_PER_ADDRESS");

const EXPIRED = "This sign-in has expired. Sign in again.";
const TOO_MANY = "Too many attempts. Wait 15 minutes and try again.";
const WRONG = "This code is not valid, or was already used.";

/** The challenge of this browser, within the rate limits (per admin and per address). */
async function challengeWithinLimits(): Promise<{ challenge: Challenge } | { refused: string }> {
  const challenge = await currentChallenge();
  if (!challenge) return { refused: EXPIRED };
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER) || "unknown";
  const byAdmin = perAdmin.consume(challenge.adminId);
  const byAddress = perAddress.consume(address);
  if (!byAdmin.allowed || !byAddress.allowed) {
    await auditSecondStep(challenge, "admin.secondFactorFailed", { reason: "rate_limited" });
    return { refused: TOO_MANY };
  }
  return { challenge };
}

async function auditSecondStep(challenge: Challenge, action: string, changes: Record<string, unknown>, tx?: Tx) {
  const write = async (db: Tx) => {
    const admin = await db.adminUser.findUnique({ where: { id: challenge.adminId }, select: { email: true } });
    const who = actorOf({ id: challenge.adminId, email: admin?.email ?? "(deleted admin)" });
    await recordAudit(db, who, {
      action,
      target: { type: "admin", id: challenge.adminId, label: who.label },
      changes: { method: challenge.method, ...changes },
    });
  };
  if (tx) await write(tx);
  else await prisma.$transaction((db) => write(db as unknown as Tx));
}

/**
 * Completes the sign-in once: the challenge is used up, the session starts, the cookie goes, and
 * the browser goes on to the page it asked for (a redirect, so /mfa is not rendered again).
 */
async function finish(challenge: Challenge, secondFactor: SecondFactorUsed): Promise<ActionResult<null>> {
  if (!(await consumeChallenge(challenge))) return { ok: false, message: EXPIRED };
  await clearChallengeCookie();
  perAdmin.reset(challenge.adminId);
  if (!(await startSession(challenge.adminId, challenge.method, secondFactor))) return { ok: false, message: "Sign-in failed. Try again." };
  redirect(challenge.callbackPath);
}

/** /mfa: a code from an authenticator app, or a recovery code. Never logged, never audited. */
export const verifySecondStep = publicAction(
  "the sign-in's sealed challenge cookie",
  async function verifySecondStep(raw: unknown): Promise<ActionResult<null>> {
    const parsed = secondStepSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) };
    const gate = await challengeWithinLimits();
    if ("refused" in gate) return { ok: false, message: gate.refused };
    const { challenge } = gate;
    const used = await prisma.$transaction(async (db) => {
      const tx = db as unknown as Tx;
      const factor = await useSecondFactorCode(tx, challenge.adminId, parsed.data.code);
      if (!factor) await auditSecondStep(challenge, "admin.secondFactorFailed", { reason: "wrong_code" }, tx);
      return factor;
    });
    if (!used) return { ok: false, message: WRONG, fieldErrors: { code: [WRONG] } };
    return finish(challenge, used);
  },
  { schema: secondStepSchema },
);

/**
 * /mfa for an admin who must enrol: confirms the authenticator app with its first code and returns
 * the recovery codes to show once. The session starts with completeSignInEnrolment, when the admin
 * has saved them (starting it here would re-render /mfa under the dialog).
 */
export const confirmSignInEnrolment = publicAction(
  "the sign-in's sealed challenge cookie",
  async function confirmSignInEnrolment(raw: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
    const parsed = confirmTotpSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) };
    const gate = await challengeWithinLimits();
    if ("refused" in gate) return { ok: false, message: gate.refused };
    const { challenge } = gate;
    try {
      const recoveryCodes = await prisma.$transaction(async (db) => {
        const tx = db as unknown as Tx;
        const admin = await tx.adminUser.findUniqueOrThrow({ where: { id: challenge.adminId }, select: { id: true, email: true } });
        const actor = actorOf(admin);
        const { recoveryCodes } = await confirmTotp({ tx, audit: (event) => recordAudit(tx, actor, event) }, admin, parsed.data);
        if (!(await markChallengeVerified(tx, challenge, "totp"))) throw new ActionError(EXPIRED);
        return recoveryCodes;
      });
      return { ok: true, data: { recoveryCodes } };
    } catch (error) {
      if (error instanceof ActionError) {
        await auditSecondStep(challenge, "admin.secondFactorFailed", { reason: "wrong_code" });
        return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
      }
      throw error;
    }
  },
  { schema: confirmTotpSchema },
);

/** /mfa: the options of a passkey ceremony for this sign-in (its challenge is kept with the sign-in). */
export const passkeySignInOptions = publicAction("the sign-in's sealed challenge cookie", async function passkeySignInOptions(): Promise<
  ActionResult<PublicKeyCredentialRequestOptionsJSON>
> {
  const challenge = await currentChallenge();
  if (!challenge) return { ok: false, message: EXPIRED };
  const options = await authenticationOptions(prisma as unknown as Tx, challenge.adminId, await relyingParty());
  await setWebauthnChallenge(challenge, options.challenge);
  return { ok: true, data: options };
});

/** /mfa: the passkey's answer; completes the sign-in like a code. */
export const verifyPasskeySignIn = publicAction(
  "the sign-in's sealed challenge cookie",
  async function verifyPasskeySignIn(raw: unknown): Promise<ActionResult<null>> {
    const parsed = passkeySignInSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: "The passkey's answer is not valid.", fieldErrors: fieldErrorsOf(parsed.error) };
    const gate = await challengeWithinLimits();
    if ("refused" in gate) return { ok: false, message: gate.refused };
    const challenge = await currentChallenge();
    if (!challenge?.webauthnChallenge) return { ok: false, message: EXPIRED };
    const used = await prisma.$transaction(async (db) => {
      const tx = db as unknown as Tx;
      const ok = await usePasskey(tx, challenge.adminId, challenge.webauthnChallenge!, parsed.data.response, await relyingParty());
      if (!ok) await auditSecondStep(challenge, "admin.secondFactorFailed", { reason: "passkey_refused" }, tx);
      return ok;
    });
    if (!used) return { ok: false, message: "This passkey could not be verified. Try again, or use a code." };
    return finish(challenge, "passkey");
  },
  { schema: passkeySignInSchema },
);

/** /mfa after enrolment: the recovery codes are saved; the session starts (once). */
export const completeSignInEnrolment = publicAction("the sign-in's sealed challenge cookie", async function completeSignInEnrolment(): Promise<
  ActionResult<null>
> {
  const challenge = await currentChallenge();
  if (!challenge || challenge.verifiedFactor !== "totp") return { ok: false, message: EXPIRED };
  return finish(challenge, "totp");
});
