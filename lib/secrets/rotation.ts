import { ROTATION_GRACE_MAX_DAYS } from "./schema";

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
