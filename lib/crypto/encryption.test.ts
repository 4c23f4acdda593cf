import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEncryption, DecryptionError, isEnvelope, keyIdOf, loadKey } from "./encryption";

const key = randomBytes(32);
const box = createEncryption(key);

/** Flips one bit of the decoded bytes of envelope part `index` (2 = iv, 3 = tag, 4 = ciphertext). */
function tamper(envelope: string, index: number): string {
  const parts = envelope.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createEncryption", () => {
  it("round-trips text and bytes, with and without AAD", () => {
    const text = "s3cr3t – with ünïcode ✓";
    const sealed = box.encrypt(text);
    expect(sealed).not.toContain(text);
    expect(box.decryptString(sealed)).toBe(text);

    const bytes = randomBytes(300);
    expect(box.decrypt(box.encrypt(bytes, "ctx"), "ctx").equals(bytes)).toBe(true);
    expect(box.decrypt(box.encrypt(bytes)).equals(bytes)).toBe(true);
    expect(box.decryptString(box.encrypt("", "ctx"), "ctx")).toBe("");
  });

  it("writes the v1.<keyId>.<iv>.<tag>.<ciphertext> envelope with the key id of the key", () => {
    const sealed = box.encrypt("hello");
    expect(isEnvelope(sealed)).toBe(true);
    const [version, keyId, iv, tag, ciphertext] = sealed.split(".");
    expect(version).toBe("v1");
    expect(keyId).toBe(keyIdOf(key));
    expect(keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext!, "base64url")).toHaveLength(5);
  });

  it("uses a fresh IV every time: the same plaintext never gives the same envelope", () => {
    const envelopes = Array.from({ length: 200 }, () => box.encrypt("same"));
    expect(new Set(envelopes).size).toBe(200);
    expect(new Set(envelopes.map((e) => e.split(".")[2])).size).toBe(200);
  });

  it.each([
    ["iv", 2],
    ["tag", 3],
    ["ciphertext", 4],
  ])("detects a flipped bit in the %s", (_part, index) => {
    const sealed = box.encrypt("do not touch");
    expect(() => box.decrypt(tamper(sealed, index))).toThrow(DecryptionError);
  });

  it("refuses the wrong key, the wrong AAD and malformed envelopes", () => {
    const sealed = box.encrypt("secret", "identity-provider:1");
    const other = createEncryption(randomBytes(32));
    expect(() => other.decrypt(sealed, "identity-provider:1")).toThrow(/not configured/);
    // Same key id claimed, different key: the tag does not verify.
    const impostor = sealed.replace(`.${keyIdOf(key)}.`, `.${other.keyId}.`);
    expect(() => other.decrypt(impostor, "identity-provider:1")).toThrow(/could not be verified/);
    expect(() => box.decrypt(sealed, "identity-provider:2")).toThrow(/could not be verified/);
    expect(() => box.decrypt(sealed)).toThrow(DecryptionError);
    for (const bad of ["", "v2.x.y.z.w", "v1.abc", "plain text", sealed.replace(/^v1/, "v0")]) {
      expect(() => box.decrypt(bad)).toThrow(DecryptionError);
    }
  });

  it("opens envelopes of a previous key after rotation, and seals with the new one", () => {
    const old = box.encrypt("rotate me");
    const next = randomBytes(32);
    const rotated = createEncryption(next, [key]);
    expect(rotated.decryptString(old)).toBe("rotate me");
    expect(rotated.encrypt("x").split(".")[1]).toBe(keyIdOf(next));
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => createEncryption(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("loadKey", () => {
  const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-key-")), "data", "encryption-key");

  it("uses PORTAL_ENCRYPTION_KEY (base64 of 32 bytes) and writes no file", () => {
    const file = tmp();
    const env = { PORTAL_ENCRYPTION_KEY: key.toString("base64") };
    expect(loadKey(env, file).equals(key)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("refuses a PORTAL_ENCRYPTION_KEY of the wrong length or not base64", () => {
    expect(() => loadKey({ PORTAL_ENCRYPTION_KEY: randomBytes(16).toString("base64") }, tmp())).toThrow(/32 bytes/);
    expect(() => loadKey({ PORTAL_ENCRYPTION_KEY: "not base64 at all!" }, tmp())).toThrow(/not base64/);
  });

  it("generates the key file on first use with mode 0600, then reuses it", () => {
    const file = tmp();
    const first = loadKey({}, file);
    expect(first).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadKey({}, file).equals(first)).toBe(true);
  });
});
