// The secret policy, in one place: what the create-secret form offers, what the service enforces in
// its transaction (lib/secrets/service.ts), what the REST API and the importer obey, and what the
// dashboard and the clients list flag. A client's secrets follow its profile's policy
// (Profile.secretMaxDays); scope secrets have no profile and no policy (docs/decisions/023-secret-policy-per-profile.md).
// Pure functions, no database: the browser's form uses them too.

import { formatInstant } from "@/lib/validation/format-instant";

const DAY_MS = 86_400_000;

/** The longest a policy may allow (ten years): beyond it, say "no limit". */
export const SECRET_MAX_DAYS_LIMIT = 3650;

/** The days before an expiry at which the portal warns, longest first. */
export const EXPIRY_WARNING_DAYS = [30, 7, 1] as const;
export type ExpiryWarning = (typeof EXPIRY_WARNING_DAYS)[number];

/** What a profile says about its clients' secrets. `maxDays` null: no limit. */
export type SecretPolicy = { maxDays: number | null };

export const NO_POLICY: SecretPolicy = { maxDays: null };

/** The policy of a client's secrets, from its profile; none without a profile (a scope's secrets). */
export function secretPolicyFor(profile: { secretMaxDays: number | null } | null | undefined): SecretPolicy {
  return { maxDays: profile?.secretMaxDays ?? null };
}

/** The latest expiry the policy allows for a secret created at `createdAt`; null: no limit. */
export function maxExpiry(policy: SecretPolicy, createdAt: Date): Date | null {
  return policy.maxDays === null ? null : new Date(createdAt.getTime() + policy.maxDays * DAY_MS);
}

/** What a new secret's expiry is when nobody chose one: the longest the policy allows (or never). */
export const defaultExpiry = maxExpiry;

/**
 * Why a new secret created at `createdAt` with this expiry breaks the policy, in words for the
 * expiry field; null when it does not.
 */
export function expiryRefusal(expiresAt: Date | null, policy: SecretPolicy, createdAt: Date): string | null {
  const latest = maxExpiry(policy, createdAt);
  if (latest === null) return null;
  const days = `${policy.maxDays} day${policy.maxDays === 1 ? "" : "s"}`;
  if (expiresAt === null) return `The profile's policy requires an expiry: at most ${days} from now.`;
  if (expiresAt.getTime() > latest.getTime()) return `The profile's policy allows at most ${days}: choose ${formatInstant(latest)} or earlier.`;
  return null;
}

type PolicySecret = { createdAt: Date; expiresAt: Date | null; revokedAt: Date | null };

/**
 * Whether a secret breaks the policy: it is live (not revoked, not expired) and expires later than
 * its creation plus the maximum, or never while the policy has one. Secrets made before the policy
 * was set (or tightened), or before their client moved to this profile, are the ones it finds.
 */
export function breaksPolicy(secret: PolicySecret, policy: SecretPolicy, now = new Date()): boolean {
  if (secret.revokedAt) return false;
  if (secret.expiresAt && secret.expiresAt.getTime() <= now.getTime()) return false;
  return expiryRefusal(secret.expiresAt, policy, secret.createdAt) !== null;
}

/** Whole days left until `expiresAt`, rounded up (0: expired); null for never. */
export function daysLeft(expiresAt: Date | null, now = new Date()): number | null {
  if (expiresAt === null) return null;
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}

/** The tightest warning an expiry falls within (30, 7 or 1 days); null when later, past or never. */
export function expiryWarning(expiresAt: Date | null, now = new Date()): ExpiryWarning | null {
  if (expiresAt === null || expiresAt.getTime() <= now.getTime()) return null;
  const left = (expiresAt.getTime() - now.getTime()) / DAY_MS;
  let warning: ExpiryWarning | null = null;
  for (const days of EXPIRY_WARNING_DAYS) if (left <= days) warning = days;
  return warning;
}

/** The end of the widest warning window: what expires by then is shown. */
export function warningHorizon(now = new Date()): Date {
  return new Date(now.getTime() + EXPIRY_WARNING_DAYS[0] * DAY_MS);
}
