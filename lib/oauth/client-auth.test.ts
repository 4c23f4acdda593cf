import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as secrets from "@/lib/secrets/secret";
import { authenticateClient, formUrlDecode, matchingSecret, parseBasicAuthorization, presentedCredentials } from "./client-auth";
import { OAuthError } from "./http";
import { basicHeader, createOAuthClient, createProfile, formUrlEncode } from "@/lib/testing/oauth";

// Wraps verifySecret in a spy (same behaviour) to count how many hashes each attempt checks.
vi.mock("@/lib/secrets/secret", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/secrets/secret")>();
  return { ...original, verifySecret: vi.fn(original.verifySecret) };
});

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("parseBasicAuthorization (RFC 6749 §2.3.1)", () => {
  it("reads a plain id and secret", () => {
    expect(parseBasicAuthorization(`Basic ${b64("orders-api:s3cret")}`)).toEqual({ id: "orders-api", secret: "s3cret" });
    expect(parseBasicAuthorization(`basic   ${b64("a:b")}`)).toEqual({ id: "a", secret: "b" });
  });

  it.each([
    ["a colon", "svc:reports", "pa:ss:word"],
    ["a percent sign", "100%-svc", "50%off%"],
    ["a plus sign and spaces", "a+b c", "x+y z"],
    ["non-ASCII", "dienst-ü-京", "Grüße-🔑-秘密"],
    ["an empty secret", "svc", ""],
  ])("decodes form-urlencoded ids and secrets with %s", (_what, id, secret) => {
    expect(parseBasicAuthorization(basicHeader(id, secret))).toEqual({ id, secret });
  });

  it("decodes + as a space and percent escapes, as form-urlencoding requires", () => {
    expect(parseBasicAuthorization(`Basic ${b64("my+client%3Aone:p%2Bq+r%25")}`)).toEqual({ id: "my client:one", secret: "p+q r%" });
    expect(formUrlDecode("a+b%20c%2B")).toBe("a b c+");
  });

  it("splits at the first colon: an unencoded colon can only be in the secret", () => {
    expect(parseBasicAuthorization(`Basic ${b64("svc:a:b")}`)).toEqual({ id: "svc", secret: "a:b" });
  });

  it.each([
    ["another scheme", `Bearer ${b64("a:b")}`],
    ["no credentials", "Basic"],
    ["no colon", `Basic ${b64("just-an-id")}`],
    ["an empty id", `Basic ${b64(":secret")}`],
    ["characters outside base64", "Basic a:b"],
    ["a malformed percent escape", `Basic ${b64("svc:50%zz")}`],
    ["invalid UTF-8", `Basic ${Buffer.from([0x73, 0x3a, 0xff, 0xfe]).toString("base64")}`],
  ])("refuses %s", (_what, header) => {
    expect(parseBasicAuthorization(header)).toBeNull();
  });

  it("round-trips what openid-client's encoder produces", () => {
    expect(formUrlEncode("a b-c_d.e!f~g*h'i(j)k")).toBe("a+b%2Dc%5Fd%2Ee%21f%7Eg%2Ah%27i%28j%29k");
    expect(formUrlDecode(formUrlEncode("a b-c_d.e!f~g*h'i(j)k"))).toBe("a b-c_d.e!f~g*h'i(j)k");
  });
});

function refusal(fn: () => unknown): OAuthError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("presentedCredentials", () => {
  const form = (params: Record<string, string>) => new URLSearchParams(params);

  it("takes HTTP Basic or body parameters", () => {
    expect(presentedCredentials(basicHeader("svc", "s"), form({}))).toEqual({ method: "client_secret_basic", id: "svc", secret: "s" });
    expect(presentedCredentials(basicHeader("svc", "s"), form({ client_id: "svc" }))).toMatchObject({ method: "client_secret_basic" });
    expect(presentedCredentials(null, form({ client_id: "svc", client_secret: "s" }))).toEqual({ method: "client_secret_post", id: "svc", secret: "s" });
  });

  it("refuses two methods at once, and a body client_id that contradicts Basic, as invalid_request", () => {
    expect(refusal(() => presentedCredentials(basicHeader("svc", "s"), form({ client_id: "svc", client_secret: "s" })))).toMatchObject({
      error: "invalid_request",
      status: 400,
    });
    expect(refusal(() => presentedCredentials(basicHeader("svc", "s"), form({ client_id: "other" })))).toMatchObject({ error: "invalid_request", status: 400 });
  });

  it("refuses no authentication, a public client's bare client_id and a malformed header as invalid_client (401)", () => {
    for (const [header, params] of [
      [null, {}],
      [null, { client_id: "spa" }],
      [null, { client_secret: "s" }],
      ["Basic !!!", {}],
      ["Bearer abc", {}],
    ] as const) {
      const error = refusal(() => presentedCredentials(header, form(params)));
      expect(error).toMatchObject({ error: "invalid_client", status: 401 });
      expect(error.headers["WWW-Authenticate"]).toBe('Basic realm="portal"');
    }
  });
});

describe("authenticateClient: constant work", () => {
  let profileId: string;
  const verify = vi.mocked(secrets.verifySecret);

  beforeAll(async () => {
    profileId = (await createProfile()).id;
    await createOAuthClient({
      clientId: "three-secrets",
      profileId,
      secrets: [{ value: "first" }, { value: "second" }, { value: "third" }, { value: "old", revoked: true }],
    });
    await createOAuthClient({ clientId: "no-secrets", profileId });
  });
  beforeEach(() => {
    verify.mockClear();
  });

  it("checks every active secret even when the first one matches", async () => {
    await expect(authenticateClient({ method: "client_secret_basic", id: "three-secrets", secret: "first" })).resolves.toMatchObject({
      clientId: "three-secrets",
    });
    expect(verify).toHaveBeenCalledTimes(3);
    verify.mockClear();
    await expect(authenticateClient({ method: "client_secret_basic", id: "three-secrets", secret: "third" })).resolves.toMatchObject({
      clientId: "three-secrets",
    });
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it("checks a dummy hash for an unknown client and for a client without active secrets", async () => {
    await expect(authenticateClient({ method: "client_secret_basic", id: "nobody", secret: "x" })).rejects.toMatchObject({ error: "invalid_client" });
    expect(verify).toHaveBeenCalledTimes(1);
    verify.mockClear();
    await expect(authenticateClient({ method: "client_secret_basic", id: "no-secrets", secret: "x" })).rejects.toMatchObject({ error: "invalid_client" });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("matchingSecret tells which secret matched, with no early exit", () => {
    const candidates = ["a", "b", "c"].map((s) => ({ id: `id-${s}`, hash: secrets.hashSecret(s) }));
    expect(matchingSecret("a", candidates)).toBe("id-a");
    expect(verify).toHaveBeenCalledTimes(3);
    verify.mockClear();
    expect(matchingSecret("c", candidates)).toBe("id-c");
    expect(verify).toHaveBeenCalledTimes(3);
    expect(matchingSecret("z", candidates)).toBeNull();
    verify.mockClear();
    expect(matchingSecret("z", [])).toBeNull();
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("returns the id of the secret that authenticated the client", async () => {
    const client = await authenticateClient({ method: "client_secret_basic", id: "three-secrets", secret: "second" });
    const { prisma } = await import("@/lib/testing/db");
    const stored = await prisma.secret.findUniqueOrThrow({ where: { id: client.secretId }, select: { hint: true, description: true } });
    expect(client.secretId).toBeTruthy();
    expect(stored.hint).toBe(secrets.secretHint("second"));
  });
});
