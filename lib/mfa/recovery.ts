import { createHash, randomInt } from "node:crypto";

// One-time recovery codes: 10 codes of 16 characters (80 random bits each) from an alphabet without
// look-alikes, shown as XXXX-XXXX-XXXX-XXXX. With 80 bits a fast hash is right (as for link tokens):
// nobody can search that space from a stolen hash.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols: 5 bits each
const LENGTH = 16;

export function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join("-");
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, newRecoveryCode);
}

/** The code as typed, without dashes, spaces or case; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]+/g, "");
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/** The stored form: base64url(SHA-256(normalized code)). */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256")
    .update(normalizeRecoveryCode(code) ?? code, "utf8")
    .digest("base64url");
}

/** Whether `typed` looks like a recovery code rather than a six-digit TOTP code. */
export function isRecoveryCodeShape(typed: string): boolean {
  return normalizeRecoveryCode(typed) !== null;
}
