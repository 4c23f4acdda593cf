import { exactInstant, formatAgo } from "@/lib/validation/format-instant";
import { safeToRevoke } from "./rotation";
import { secretStatus } from "./secret";

/** A stored secret as the portal reads it (secretView): never its hash. */
export type StoredSecret = {
  id: string;
  hint: string;
  description: string;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  rotatedAt: Date | null;
  lastUsedAt: Date | null;
};

/**
 * Secrets as the secrets panel shows them: exact ISO instants (shown readable in UTC), a computed
 * status, whether the hash is a well-known weak secret, and their use: when last (also as "… ago",
 * computed here on the server so the page does not depend on the browser's clock), how often in the
 * last 30 days (`uses`, by secret id), and for a secret being retired by a rotation whether nothing
 * has used it since.
 */
export function secretRows(secrets: StoredSecret[], now = new Date(), weakIds: ReadonlySet<string> = new Set(), uses: ReadonlyMap<string, number> = new Map()) {
  return secrets.map((s) => {
    const status = secretStatus(s, now);
    const retiring = status === "active" && s.rotatedAt !== null;
    return {
      id: s.id,
      hint: s.hint,
      description: s.description,
      createdAt: s.createdAt.toISOString(),
      createdBy: s.createdBy,
      expiresAt: s.expiresAt && s.expiresAt.toISOString(),
      revokedAt: s.revokedAt && s.revokedAt.toISOString(),
      revokedBy: s.revokedBy,
      status,
      weak: weakIds.has(s.id),
      lastUsedAt: s.lastUsedAt && exactInstant(s.lastUsedAt),
      lastUsedAgo: s.lastUsedAt && formatAgo(s.lastUsedAt, now),
      uses30Days: uses.get(s.id) ?? 0,
      retiring,
      safeToRevoke: retiring && safeToRevoke(s),
    };
  });
}
