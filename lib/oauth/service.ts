import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { clearSigningKeyCache, rotateSigningKeys } from "./keys";

/**
 * Replaces the signing key of each algorithm (the old ones stay published until their tokens have
 * expired). The key cache is cleared only after the transaction has committed: cleared inside it, a
 * token request in between could cache the old key again.
 */
export async function rotateSigningKeysRecord({ tx, audit, afterCommit }: ServiceContext) {
  const result = await rotateSigningKeys(tx);
  await audit({
    action: "signingKeys.rotated",
    target: { type: "signingKeys", id: "signing-keys", label: "Signing keys" },
    changes: { retired: result.retired, created: result.created },
  });
  afterCommit(clearSigningKeyCache);
  return result;
}
