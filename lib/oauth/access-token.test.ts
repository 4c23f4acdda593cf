import { decodeProtectedHeader, SignJWT, generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isEnvelope } from "@/lib/crypto/encryption";
import { prisma } from "@/lib/testing/db";
import { issueAccessToken, VERIFIED_TOKENS_MAX, verifyAccessToken } from "./access-token";
import { apiAudience, issuer } from "./config";
import { clearSigningKeyCache, jwks, rotateSigningKeys } from "./keys";

const subject = { clientId: "orders-api", scopes: ["orders.read"], profile: "Administrator", profileContextId: null };

describe("access tokens", () => {
  it.each(["ES256", "RS256"] as const)("issues an RFC 9068 %s token that verifies", async (alg) => {
    const { token, expiresIn } = await issueAccessToken({ ...subject, alg, profileContextId: -3 });
    expect(expiresIn).toBe(3600);
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg, typ: "at+jwt" });
    const claims = await verifyAccessToken(token);
    expect(claims).toMatchObject({
      iss: issuer(),
      aud: apiAudience(),
      sub: "orders-api",
      client_id: "orders-api",
      scope: "orders.read",
      profile: "Administrator",
      profile_context: -3,
    });
    expect(claims!.exp - claims!.iat).toBe(3600);
    expect(claims!.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores private keys only encrypted and publishes public keys", async () => {
    const rows = await prisma.signingKey.findMany({ select: { id: true, privateKeyEncrypted: true, publicJwk: true } });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(isEnvelope(row.privateKeyEncrypted)).toBe(true);
      expect(row.privateKeyEncrypted).not.toContain("PRIVATE KEY");
      expect(row.publicJwk).not.toHaveProperty("d");
    }
    const { keys } = await jwks();
    expect(keys.map((k) => k.kid).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(keys.every((k) => !("d" in k))).toBe(true);
  });

  it("refuses tampered, expired, foreign and wrongly typed tokens", async () => {
    const { token } = await issueAccessToken({ ...subject, alg: "ES256" });
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, scope: "admin" })).toString("base64url")}.${s}`;
    expect(await verifyAccessToken(forged)).toBeNull();
    expect(await verifyAccessToken(`${token}x`)).toBeNull();
    expect(await verifyAccessToken("not a token")).toBeNull();

    const past = Math.floor(Date.now() / 1000) - 7200;
    expect(await verifyAccessToken((await issueAccessToken({ ...subject, alg: "ES256" }, past)).token)).toBeNull();

    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ client_id: "x", scope: "" })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt" })
      .setIssuer(issuer())
      .setAudience(apiAudience())
      .setSubject("x")
      .setJti("j")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    expect(await verifyAccessToken(foreign)).toBeNull();
  });

  it("keeps tokens signed before a rotation valid, and signs new ones with the new key", async () => {
    const before = await issueAccessToken({ ...subject, alg: "RS256" });
    const oldKid = decodeProtectedHeader(before.token).kid;
    const { retired, created } = await prisma.$transaction((tx) => rotateSigningKeys(tx));
    clearSigningKeyCache();
    expect(retired).toContain(oldKid);
    expect(created).toHaveLength(2);

    expect(await verifyAccessToken(before.token)).not.toBeNull();
    const after = await issueAccessToken({ ...subject, alg: "RS256" });
    expect(decodeProtectedHeader(after.token).kid).not.toBe(oldKid);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, ...created]));

    // Once the last token of the old key has expired, the old key is no longer published.
    await prisma.signingKey.updateMany({ where: { id: oldKid }, data: { retiredAt: new Date(Date.now() - 2 * 3600_000) } });
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(oldKid);
    expect(await verifyAccessToken(before.token)).toBeNull();
  });

  describe("remembered verifications", () => {
    afterEach(() => vi.useRealTimers());

    it("answers a token that verified again until its expiry, and not a second later", async () => {
      const issuedAt = Math.floor(Date.now() / 1000) - 3600 + 30; // expires in 30 s
      const { token } = await issueAccessToken({ ...subject, alg: "ES256" }, issuedAt);
      expect(await verifyAccessToken(token)).toMatchObject({ exp: issuedAt + 3600 });
      vi.useFakeTimers({ toFake: ["Date"], now: (issuedAt + 3600 - 1) * 1000 });
      expect(await verifyAccessToken(token)).toMatchObject({ client_id: "orders-api" });
      vi.setSystemTime((issuedAt + 3600) * 1000);
      expect(await verifyAccessToken(token)).toBeNull();
    });

    it("keeps no copy a caller could change, and never remembers a token that failed", async () => {
      const { token } = await issueAccessToken({ ...subject, alg: "ES256" });
      const claims = await verifyAccessToken(token);
      expect(Object.isFrozen(claims)).toBe(true);
      const [h, p, s] = token.split(".");
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), scope: "admin" })).toString("base64url")}.${s}`;
      expect(await verifyAccessToken(forged)).toBeNull();
      expect(await verifyAccessToken(forged)).toBeNull();
    });

    it("stays within its bound", async () => {
      expect(VERIFIED_TOKENS_MAX).toBeGreaterThan(0);
      const first = (await issueAccessToken({ ...subject, alg: "ES256" })).token;
      await verifyAccessToken(first);
      for (let i = 0; i < VERIFIED_TOKENS_MAX; i++) await verifyAccessToken((await issueAccessToken({ ...subject, alg: "ES256" })).token);
      // The oldest was let go; it still verifies (once more, through jose).
      expect(await verifyAccessToken(first)).not.toBeNull();
    }, 60_000);
  });
});
