import "server-only";
import { actorOf, recordAudit } from "@/lib/audit/audit";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { SESSION_MAX_AGE_SECONDS } from "./auth.config";

/** How an admin signed in: the password form, or an identity provider (by provider_name). */
export type SignInMethod = "password" | `provider:${string}`;

/** The second factor of a sign-in (lib/mfa), or the identity provider's own multi-factor claim (amr). */
export type SecondFactor = "totp" | "passkey" | "recovery_code" | "provider_amr";

/**
 * Every sign-in (password or identity provider) goes through here: it refuses an admin who is gone
 * or disabled (null), opens a server-side session row (signing out, disabling or deleting the admin
 * revokes it), records when and how the admin last signed in, and audits `admin.signedIn` — all in
 * one transaction.
 */
export async function startAdminSession(adminId: string, method: SignInMethod, secondFactor?: SecondFactor): Promise<{ id: string } | null> {
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.adminUser.updateMany({ where: { id: adminId, disabledAt: null }, data: { lastSignInAt: now, lastSignInMethod: method } });
    if (count === 0) return null;
    const admin = await tx.adminUser.findUniqueOrThrow({ where: { id: adminId }, select: { email: true } });
    const session = await tx.adminSession.create({
      data: { adminId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
      select: { id: true },
    });
    await recordAudit(tx, actorOf({ id: adminId, email: admin.email }), {
      action: "admin.signedIn",
      target: { type: "admin", id: adminId, label: admin.email },
      changes: { method, ...(secondFactor ? { secondFactor } : {}) },
    });
    return session;
  });
}

/**
 * Audits a refused password sign-in: the email as typed (known admin or not), never the password.
 * `reason` is for the log's readers only; the sign-in page shows one message for every failure.
 */
export async function recordFailedSignIn(
  email: string,
  adminId: string | null,
  reason: "wrong_password" | "unknown_email" | "no_password" | "disabled" | "rate_limited",
) {
  await prisma.$transaction((tx) =>
    recordAudit(tx, actorOf({ id: adminId, email }), {
      action: "admin.signInFailed",
      target: { type: "admin", id: adminId ?? "", label: email },
      changes: { method: "password", reason },
    }),
  );
}

/** Audits a sign-out (the session row is revoked by the caller). */
export async function recordSignOut(admin: { id: string; email: string }) {
  await prisma.$transaction((tx) =>
    recordAudit(tx, actorOf(admin), { action: "admin.signedOut", target: { type: "admin", id: admin.id, label: admin.email } }),
  );
}

/**
 * Ends an admin's sessions at once (disabled, password changed or reset): their session rows are
 * revoked, so every cookie naming them is worthless from the next request on (currentAdmin). `except`
 * keeps one session — the one of the admin who changes their own password.
 */
export async function endAdminSessions(tx: Tx, adminId: string, except?: string): Promise<number> {
  const { count } = await tx.adminSession.updateMany({
    where: { adminId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}
