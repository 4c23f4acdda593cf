import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ForbiddenError, NotFoundError } from "@/lib/actions/result";
import { clientsWithin } from "@/lib/auth/reach";
import { verifySecret } from "@/lib/secrets/secret";

// The walkthrough's own writes (lib/onboarding/walkthrough.ts reads the steps). They are the acting
// admin's personal progress, not portal configuration: nothing anyone else sees changes, so they
// write no audit event.

function adminIdOf(ctx: ServiceContext): string {
  if (ctx.actor.type !== "admin") throw new ForbiddenError("Only a signed-in admin has a walkthrough.");
  return ctx.actor.id;
}

/** Hides (or brings back) the acting admin's getting-started walkthrough. */
export async function setWalkthroughDismissedRecord(ctx: ServiceContext, dismissed: boolean) {
  const adminId = adminIdOf(ctx);
  const data = { dismissedAt: dismissed ? new Date() : null };
  await ctx.tx.onboardingProgress.upsert({ where: { adminId }, create: { adminId, ...data }, update: data });
}

/**
 * "I have stored it" in the secret dialog of a ClientCredentials client within reach: that client
 * becomes the one the walkthrough follows, its secret step still to do. The step is done only when
 * the admin proves it: `secret`, pasted back from where they stored it, matches one of the client's
 * active secrets (compared by hash, never kept) — or when the client gets a token. Another flow's
 * client is ignored; one that does not exist or is out of reach is not found, as in every other action.
 */
export async function recordSecretStoredRecord(ctx: ServiceContext, clientInternalId: string, secret?: string): Promise<{ verified: boolean }> {
  const adminId = adminIdOf(ctx);
  const client = await ctx.tx.client.findFirst({
    where: clientsWithin(ctx.reach, { id: clientInternalId }),
    select: { flow: true, secrets: { where: { revokedAt: null }, select: { hash: true, expiresAt: true } } },
  });
  if (!client) throw new NotFoundError("This client no longer exists.");
  if (client.flow !== "ClientCredentials") return { verified: false };
  if (secret === undefined) {
    const data = { clientInternalId, secretStoredAt: null, auditSeenAt: null };
    await ctx.tx.onboardingProgress.upsert({ where: { adminId }, create: { adminId, ...data }, update: data });
    return { verified: false };
  }
  const now = new Date();
  const verified = client.secrets.some((s) => (!s.expiresAt || s.expiresAt > now) && verifySecret(secret, s.hash));
  if (verified) {
    const data = { clientInternalId, secretStoredAt: now };
    await ctx.tx.onboardingProgress.upsert({ where: { adminId }, create: { adminId, ...data }, update: data });
  }
  return { verified };
}
