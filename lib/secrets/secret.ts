import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Bytes of CSPRNG output in every generated secret (256 bits). */
export const SECRET_BYTES = 32;
/** Characters of a secret kept in clear as a hint to tell secrets apart. */
export const HINT_LENGTH = 4;

/** A new secret: 32 bytes from the OS CSPRNG, URL-safe base64 without padding (43 characters). */
export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString("base64url");
}

/**
 * The stored form of a secret: SHA-256 of its UTF-8 bytes, base64 — the form IdentityServer and
 * Usercube use (`"secret".Sha256()` is `K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=`).
 * A fast hash is right here: the secret has 256 bits of entropy, so it cannot be guessed.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64");
}

/** The last characters of a secret, shown as `…abcd` so an admin can tell secrets apart. */
export function secretHint(secret: string): string {
  return secret.slice(-HINT_LENGTH);
}

/** Whether `secret` matches a stored hash, compared in constant time. */
export function verifySecret(secret: string, storedHash: string): boolean {
  const actual = createHash("sha256").update(secret, "utf8").digest();
  const expected = Buffer.from(storedHash, "base64");
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export type SecretStatus = "active" | "expired" | "revoked";

/** A secret is revoked once revokedAt is set, expired once expiresAt has passed, else active. */
export function secretStatus(secret: { expiresAt: Date | null; revokedAt: Date | null }, now = new Date()): SecretStatus {
  if (secret.revokedAt) return "revoked";
  if (secret.expiresAt && secret.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
