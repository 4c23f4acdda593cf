import { describe, expect, it } from "vitest";
import { generateSecret, hashSecret, secretHint, secretStatus, SECRET_BYTES, verifySecret } from "./secret";

describe("hashSecret", () => {
  it("is SHA-256, base64 — the IdentityServer form", () => {
    expect(hashSecret("secret")).toBe("K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=");
  });

  it("hashes the UTF-8 bytes", () => {
    // printf é | openssl dgst -sha256 -binary | base64
    expect(hashSecret("é")).toBe("SplVfkAzw1Od4utlRyAXytX5VX96BiWgnxw/biumnEw=");
  });
});

describe("generateSecret", () => {
  it("is URL-safe base64 of 32 random bytes", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(SECRET_BYTES);
  });

  it("never repeats across many draws and uses the whole alphabet", () => {
    const draws = Array.from({ length: 10_000 }, generateSecret);
    expect(new Set(draws).size).toBe(draws.length);
    const alphabet = new Set(draws.join(""));
    expect(alphabet.size).toBe(64);
  });

  it("has about 8 bits of entropy per byte (no bias in the generator)", () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2_000; i++) for (const b of Buffer.from(generateSecret(), "base64url")) counts[b]! += 1;
    const total = 2_000 * SECRET_BYTES;
    const entropy = -counts.reduce((sum, c) => (c ? sum + (c / total) * Math.log2(c / total) : sum), 0);
    expect(entropy).toBeGreaterThan(7.99);
  });
});

describe("verifySecret", () => {
  it("accepts the secret and rejects anything else", () => {
    const secret = generateSecret();
    const stored = hashSecret(secret);
    expect(verifySecret(secret, stored)).toBe(true);
    expect(verifySecret(`${secret}x`, stored)).toBe(false);
    expect(verifySecret("", stored)).toBe(false);
    expect(verifySecret(secret, "not-base64-of-32-bytes")).toBe(false);
  });
});

describe("secretHint and secretStatus", () => {
  it("keeps only the last 4 characters", () => {
    expect(secretHint("abcdefgh")).toBe("efgh");
  });

  it("is revoked, expired or active", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(secretStatus({ expiresAt: null, revokedAt: null }, now)).toBe("active");
    expect(secretStatus({ expiresAt: new Date("2026-01-02T00:00:00Z"), revokedAt: null }, now)).toBe("active");
    expect(secretStatus({ expiresAt: now, revokedAt: null }, now)).toBe("expired");
    expect(secretStatus({ expiresAt: null, revokedAt: new Date("2025-12-01T00:00:00Z") }, now)).toBe("revoked");
  });
});
