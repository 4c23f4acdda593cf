import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Encryption at rest for values the portal must be able to read back (an identity provider's
// client secret, later token-signing private keys): AES-256-GCM under one 32-byte key.
// docs/decisions/003-encryption-at-rest.md explains the choices.

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16;

/** The key file used when PORTAL_ENCRYPTION_KEY is not set (relative to the project directory). */
export const DEFAULT_KEY_FILE = "data/encryption-key";

export type Plaintext = string | Buffer;
/** Additional authenticated data: not stored, but must be the same to decrypt (binds a ciphertext to its place). */
export type Aad = string | Buffer;

/** The first 8 hex characters of SHA-256(key): names the key in each envelope, so keys can rotate. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

const b64url = (buffer: Buffer) => buffer.toString("base64url");
const toBuffer = (value: Plaintext | Aad) => (typeof value === "string" ? Buffer.from(value, "utf8") : value);

function assertKey(key: Buffer) {
  if (key.length !== KEY_BYTES) throw new Error(`An encryption key must be ${KEY_BYTES} bytes (got ${key.length}).`);
}

/** Thrown when an envelope cannot be opened: malformed, unknown key, wrong AAD or tampered with. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

export type Encryption = {
  /** The id of the key new envelopes are sealed with. */
  keyId: string;
  /** Seals `plaintext` into `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plaintext: Plaintext, aad?: Aad): string;
  /** Opens an envelope sealed by any key of the ring; throws DecryptionError when it cannot. */
  decrypt(envelope: string, aad?: Aad): Buffer;
  decryptString(envelope: string, aad?: Aad): string;
};

/**
 * Encryption with `current` (new envelopes) and `previous` keys (still opened, for rotation: add the
 * old key here, set a new current key, re-encrypt, then drop the old key).
 */
export function createEncryption(current: Buffer, previous: Buffer[] = []): Encryption {
  for (const key of [current, ...previous]) assertKey(key);
  const keyId = keyIdOf(current);
  const ring = new Map<string, Buffer>([...previous, current].map((key) => [keyIdOf(key), key]));

  function encrypt(plaintext: Plaintext, aad?: Aad): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, current, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(toBuffer(aad));
    const ciphertext = Buffer.concat([cipher.update(toBuffer(plaintext)), cipher.final()]);
    return [VERSION, keyId, b64url(iv), b64url(cipher.getAuthTag()), b64url(ciphertext)].join(".");
  }

  function decrypt(envelope: string, aad?: Aad): Buffer {
    const parts = envelope.split(".");
    if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError("Not an encrypted value (unknown format).");
    const [, id, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
    const key = ring.get(id);
    if (!key) throw new DecryptionError(`This value was encrypted with key ${id}, which is not configured.`);
    const iv = Buffer.from(ivText, "base64url");
    const tag = Buffer.from(tagText, "base64url");
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("Not an encrypted value (bad IV or tag).");
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      if (aad !== undefined) decipher.setAAD(toBuffer(aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]);
    } catch {
      throw new DecryptionError("The encrypted value could not be verified: wrong key, wrong context or tampered with.");
    }
  }

  return { keyId, encrypt, decrypt, decryptString: (envelope, aad) => decrypt(envelope, aad).toString("utf8") };
}

/** Decodes PORTAL_ENCRYPTION_KEY (base64 or base64url of 32 bytes). */
export function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error(`${source} is not base64.`);
  const key = Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) {
    throw new Error(`${source} must be ${KEY_BYTES} bytes of base64 (for example: openssl rand -base64 32); it decodes to ${key.length} bytes.`);
  }
  return key;
}

/**
 * The portal's key: PORTAL_ENCRYPTION_KEY when set, else the key file — generated on first use with
 * mode 0600. Creating it with O_EXCL means two processes starting together agree on one key.
 */
export function loadKey(
  env: Record<string, string | undefined> = process.env,
  file = path.resolve(/* turbopackIgnore: true */ process.cwd(), DEFAULT_KEY_FILE),
): Buffer {
  if (env.PORTAL_ENCRYPTION_KEY?.trim()) return parseKey(env.PORTAL_ENCRYPTION_KEY, "PORTAL_ENCRYPTION_KEY");
  // The key file is data read at run time, never part of the build: `turbopackIgnore` keeps Next's
  // file tracer from following these paths (it would otherwise trace the whole project).
  if (!fs.existsSync(/* turbopackIgnore: true */ file)) {
    fs.mkdirSync(/* turbopackIgnore: true */ path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(/* turbopackIgnore: true */ file, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return parseKey(fs.readFileSync(/* turbopackIgnore: true */ file, "utf8"), file);
}

let portal: Encryption | undefined;

/** The portal's encryption, keyed on first use. */
export function portalEncryption(): Encryption {
  return (portal ??= createEncryption(loadKey()));
}

/** Seals a value with the portal's key. */
export function encrypt(plaintext: Plaintext, aad?: Aad): string {
  return portalEncryption().encrypt(plaintext, aad);
}

/** Opens a value sealed with the portal's key (as bytes). */
export function decrypt(envelope: string, aad?: Aad): Buffer {
  return portalEncryption().decrypt(envelope, aad);
}

/** Opens a value sealed with the portal's key (as UTF-8 text). */
export function decryptString(envelope: string, aad?: Aad): string {
  return portalEncryption().decryptString(envelope, aad);
}

/** True when `value` looks like an envelope of this module (for tests and checks, not for security). */
export function isEnvelope(value: string): boolean {
  return /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
