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

/** Secrets as the secrets panel shows them: exact ISO instants (shown readable in UTC), a computed status, and whether the hash is a well-known weak secret. */
export function secretRows(secrets: StoredSecret[], now = new Date(), weakIds: ReadonlySet<string> = new Set()) {
  return secrets.map((s) => ({
    id: s.id,
    hint: s.hint,
    description: s.description,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy,
    expiresAt: s.expiresAt && s.expiresAt.toISOString(),
    revokedAt: s.revokedAt && s.revokedAt.toISOString(),
    revokedBy: s.revokedBy,
    status: secretStatus(s, now),
    weak: weakIds.has(s.id),
  }));
}
