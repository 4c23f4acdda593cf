import "server-only";
import { randomBytes, scryptSync } from "node:crypto";
import { createEncryption, DecryptionError } from "@/lib/crypto/encryption";

// Identity-provider client secrets leave the portal only when the person asks, and then sealed with
// a passphrase they type: scrypt derives a 32-byte key (a fresh salt per export), and the portal's
// own AES-256-GCM envelope (lib/crypto/encryption.ts) seals each secret, bound by its AAD to the
// provider it belongs to. docs/decisions/013-configuration-as-code.md says why.

export const MIN_PASSPHRASE_LENGTH = 12;

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s) — OWASP's minimum is N = 2^17 for passwords
 * stored server-side; an export is kept by people, and a typed 12+ character passphrase is asked. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export type PassphraseParameters = { kdf: "scrypt"; salt: string; n: number; r: number; p: number; cipher: "aes-256-gcm" };

export type PassphraseBox = {
  parameters: PassphraseParameters;
  seal(value: string, aad: string): string;
  /** Throws WrongPassphraseError when the passphrase (or the value) does not fit. */
  open(envelope: string, aad: string): string;
};

export class WrongPassphraseError extends Error {
  constructor() {
    super("The passphrase does not open the encrypted secrets (wrong passphrase, or the document was changed).");
    this.name = "WrongPassphraseError";
  }
}

function derive(passphrase: string, salt: Buffer, n: number, r: number, p: number): Buffer {
  return scryptSync(passphrase.normalize("NFC"), salt, 32, { N: n, r, p, maxmem: 128 * n * r * 2 });
}

/** A box with a fresh salt, for an export. */
export function newPassphraseBox(passphrase: string): PassphraseBox {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new Error(`A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  const salt = randomBytes(16);
  return boxOf(passphrase, { kdf: "scrypt", salt: salt.toString("base64url"), n: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, cipher: "aes-256-gcm" });
}

/** The box a document's parameters describe, for an import. */
export function boxOf(passphrase: string, parameters: PassphraseParameters): PassphraseBox {
  const encryption = createEncryption(derive(passphrase, Buffer.from(parameters.salt, "base64url"), parameters.n, parameters.r, parameters.p));
  return {
    parameters,
    seal: (value, aad) => encryption.encrypt(value, aad),
    open(envelope, aad) {
      try {
        return encryption.decryptString(envelope, aad);
      } catch (error) {
        if (error instanceof DecryptionError) throw new WrongPassphraseError();
        throw error;
      }
    },
  };
}
