import { ActionError } from "@/lib/actions/result";
import * as clock from "@/lib/clock";
import { secretStatus } from "@/lib/secrets/secret";
import type { StoredSecret } from "@/lib/secrets/view";
import { rfc3339 } from "@/lib/validation/dates";
import type { ApiSecret } from "./clients/schema";
import { invalidRequest } from "./http";

/** A client or scope secret as the API shows it: never its value or hash; its status on the portal's clock (lib/clock.ts), as the token endpoint decides it. */
export function toApiSecret(s: StoredSecret, now = clock.now()): ApiSecret {
  return {
    id: s.id,
    hint: s.hint,
    description: s.description,
    status: secretStatus(s, now),
    expiration: s.expiresAt && rfc3339(s.expiresAt),
    date_created: rfc3339(s.createdAt),
    created_by: s.createdBy,
    revoked_at: s.revokedAt && rfc3339(s.revokedAt),
    rotated_at: s.rotatedAt && rfc3339(s.rotatedAt),
    last_used_at: s.lastUsedAt && rfc3339(s.lastUsedAt),
  };
}

/** A secret just issued (issueSecret), as POST …/secrets answers: its stored view and, this once, its value. */
export function issuedApiSecret(issued: StoredSecret & { value: string }): ApiSecret & { secret: string } {
  return { ...toApiSecret(issued), secret: issued.value };
}

/** A rotation (rotateSecret), as POST …/rotate answers: the new secret as issuedApiSecret, and the old one's end. */
export function rotatedApiSecret(
  rotated: StoredSecret & { value: string; retiring: { id: string; hint: string; expiresAt: Date } },
): ApiSecret & { secret: string; retiring: { id: string; hint: string; expiration: string } } {
  const { id, hint, expiresAt } = rotated.retiring;
  return { ...issuedApiSecret(rotated), retiring: { id, hint, expiration: rfc3339(expiresAt) } };
}

/**
 * A new secret's refusals under the API's field names: the service's `expiresAt` (the form's name,
 * e.g. an expiry the profile's secret policy does not allow) is the API's `expiration`.
 */
export function inApiSecretTerms(error: unknown): never {
  const messages = error instanceof ActionError ? error.fieldErrors?.expiresAt : undefined;
  if (messages)
    throw invalidRequest(
      messages.map((message) => ({ path: "expiration", message })),
      (error as ActionError).message,
    );
  throw error;
}
