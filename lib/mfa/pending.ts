import "server-only";
import { randomBytes } from "node:crypto";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { SignInMethod } from "@/lib/auth/admin-session";

// A sign-in between its first step (password, identity provider, invitation link) and its second
// factor. Like a provider sign-in's state (ADR 009): an httpOnly cookie sealed with the portal's
// AES-256-GCM key that lives 5 minutes and names an AdminSignInChallenge row; completing the sign-in
// deletes the row, so a copied or replayed cookie finds nothing.

export const CHALLENGE_COOKIE = "portal.sign-in-challenge";
export const CHALLENGE_TTL_SECONDS = 5 * 60;
const AAD = "admin-sign-in-challenge";

export type Challenge = { id: string; adminId: string; method: SignInMethod; callbackPath: string; expiresAt: number };

/** Opens a challenge: writes its row (dropping expired ones) and returns the sealed cookie value. */
export async function openChallenge(adminId: string, method: SignInMethod, callbackPath: string, now = Date.now()): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  const expiresAt = now + CHALLENGE_TTL_SECONDS * 1000;
  await prisma.$transaction([
    prisma.adminSignInChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now) } } }),
    prisma.adminSignInChallenge.create({ data: { id, adminId, method, expiresAt: new Date(expiresAt) } }),
  ]);
  const challenge: Challenge = { id, adminId, method, callbackPath, expiresAt };
  return encrypt(JSON.stringify(challenge), AAD);
}

function open(cookie: string | undefined, now: number): Challenge | null {
  if (!cookie) return null;
  try {
    const challenge = JSON.parse(decryptString(cookie, AAD)) as Challenge;
    return challenge.expiresAt > now ? challenge : null;
  } catch {
    return null;
  }
}

/** The live challenge the cookie names (not used up): null when missing, tampered with, expired or completed. */
export async function readChallenge(
  cookie: string | undefined,
  now = Date.now(),
): Promise<(Challenge & { webauthnChallenge: string | null; verifiedFactor: string | null }) | null> {
  const challenge = open(cookie, now);
  if (!challenge) return null;
  const row = await prisma.adminSignInChallenge.findFirst({
    where: { id: challenge.id, adminId: challenge.adminId, expiresAt: { gt: new Date(now) } },
    select: { webauthnChallenge: true, verifiedFactor: true },
  });
  return row ? { ...challenge, webauthnChallenge: row.webauthnChallenge, verifiedFactor: row.verifiedFactor } : null;
}

/** Uses the challenge up, once: true for the one caller that deleted its row. */
export async function consumeChallenge(challenge: Challenge, now = Date.now()): Promise<boolean> {
  const { count } = await prisma.adminSignInChallenge.deleteMany({ where: { id: challenge.id, adminId: challenge.adminId, expiresAt: { gt: new Date(now) } } });
  return count === 1;
}

/** Keeps the WebAuthn challenge of the passkey ceremony under way with the sign-in. */
export async function setWebauthnChallenge(challenge: Challenge, webauthnChallenge: string): Promise<void> {
  await prisma.adminSignInChallenge.updateMany({ where: { id: challenge.id }, data: { webauthnChallenge } });
}

/**
 * Records that a factor enrolled during this sign-in was proven (its first code): the session starts
 * when the admin has saved the recovery codes (completeSignInEnrolment). False when the row is gone.
 */
export async function markChallengeVerified(tx: Tx, challenge: Challenge, factor: string, now = Date.now()): Promise<boolean> {
  const { count } = await tx.adminSignInChallenge.updateMany({
    where: { id: challenge.id, adminId: challenge.adminId, expiresAt: { gt: new Date(now) } },
    data: { verifiedFactor: factor },
  });
  return count === 1;
}
