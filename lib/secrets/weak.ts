import { hashSecret } from "./secret";

// Secrets a person types rather than generates. An imported hash (Usercube's HashedSecret) may be
// the hash of one of them; the portal cannot see the secret, but it can recognise these hashes.

/** Well-known weak secrets: documentation examples, defaults and the most common passwords. */
export const WEAK_SECRETS = [
  "secret",
  "Secret",
  "SECRET",
  "password",
  "Password",
  "changeme",
  "change-me",
  "admin",
  "administrator",
  "123456",
  "12345678",
  "123456789",
  "qwerty",
  "letmein",
  "test",
  "test123",
  "client_secret",
  "clientsecret",
  "usercube",
  "default",
  "welcome",
  "root",
  "",
] as const;

/** The hashes of WEAK_SECRETS (what a query compares stored hashes with). */
export const WEAK_SECRET_HASHES: readonly string[] = [...new Set(WEAK_SECRETS.map(hashSecret))];

const WEAK_HASHES = new Set<string>(WEAK_SECRET_HASHES);

/** Whether a stored hash (base64 SHA-256) is that of a well-known weak secret. */
export function isWeakSecretHash(hash: string): boolean {
  return WEAK_HASHES.has(hash);
}

/** The message shown wherever a weak hash is found. */
export const WEAK_SECRET_MESSAGE =
  'This secret is a well-known weak value (such as "secret"). It works, but anyone can guess it: add a generated secret, move the callers to it, then revoke this one.';
