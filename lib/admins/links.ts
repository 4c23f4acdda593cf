import { createHash } from "node:crypto";

// An invitation or password-reset link's token, as stored and checked: shared by the admin service
// and the mail that carries the link (lib/notifications/admin-link-mail.ts).

/** The stored form of a link's token: base64url(SHA-256). The token has 256 random bits, so a fast hash is right. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export type LinkState = "valid" | "expired" | "used" | "revoked" | "unknown";

/** The state of a link, for its page and for redeeming it. */
export function linkState(
  token: { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null; admin: { disabledAt: Date | null } } | null,
  now = new Date(),
): LinkState {
  if (!token) return "unknown";
  if (token.usedAt) return "used";
  if (token.revokedAt || token.admin.disabledAt) return "revoked";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}
