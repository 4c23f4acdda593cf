import { rfc3339 } from "@/lib/validation/dates";
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
};

/** Secrets as the secrets panel shows them: RFC 3339 dates and a computed status. */
export function secretRows(secrets: StoredSecret[], now = new Date()) {
  return secrets.map((s) => ({
    id: s.id,
    hint: s.hint,
    description: s.description,
    createdAt: rfc3339(s.createdAt),
    createdBy: s.createdBy,
    expiresAt: s.expiresAt && rfc3339(s.expiresAt),
    revokedAt: s.revokedAt && rfc3339(s.revokedAt),
    revokedBy: s.revokedBy,
    status: secretStatus(s, now),
  }));
}
