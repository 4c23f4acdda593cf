// The rules of a rotation (no zod here: the rotate dialog reads the grace bounds with the page).
/** The grace of a rotation when the admin does not choose: both secrets work for a week. */
export const ROTATION_GRACE_DEFAULT_DAYS = 7;
/**
 * The longest grace a rotation may give. A fixed bound for now; a profile's secret policy
 * (its maximum lifetime) is the place to lower it.
 */
export const ROTATION_GRACE_MAX_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * When the old secret of a rotation stops working: `graceDays` from `now`, or its own expiry when
 * that comes first (a rotation never lengthens a secret's life).
 */
export function graceEnd(now: Date, graceDays: number, currentExpiry: Date | null): Date {
  const days = Math.min(Math.max(graceDays, 0), ROTATION_GRACE_MAX_DAYS);
  const end = new Date(now.getTime() + days * DAY_MS);
  return currentExpiry && currentExpiry.getTime() < end.getTime() ? currentExpiry : end;
}

/**
 * Whether a rotated secret may be revoked now without breaking anyone: nothing has authenticated
 * with it since it was rotated (its last use, if any, is before the rotation). Uses are written in
 * batches a few seconds apart (lib/oauth/token-usage.ts), so a use in the last seconds may not be
 * counted yet. False for a secret that was never rotated.
 */
export function safeToRevoke(secret: { rotatedAt: Date | null; lastUsedAt: Date | null }): boolean {
  if (!secret.rotatedAt) return false;
  return secret.lastUsedAt === null || secret.lastUsedAt.getTime() < secret.rotatedAt.getTime();
}
