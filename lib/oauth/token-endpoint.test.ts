import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { prisma } from "@/lib/testing/db";
import { verifyAccessToken } from "./access-token";
import { apiAudience, issuer } from "./config";
import { createTokenEndpoint, grantScopes, parseScopeParam } from "./token-endpoint";
import { createOAuthClient, createProfile, createScope, formRequest, HOUR } from "@/lib/testing/oauth";

const URL_ = "http://localhost:3000/oauth/token";
const CC = { grant_type: "client_credentials" };
const handle = createTokenEndpoint({ perClient: new RateLimiter(1000, 60_000), perAddress: new RateLimiter(1000, 60_000) });

async function call(params: Record<string, string>, options?: Parameters<typeof formRequest>[2]) {
  const response = await handle(formRequest(URL_, params, options), "test");
  return { response, status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A refusal: the status, the RFC 6749 §5.2 body and the no-store headers. */
async function expectRefusal(result: Awaited<ReturnType<typeof call>>, error: string, status: number) {
  expect({ status: result.status, error: result.body.error }).toEqual({ status, error });
  expect(typeof result.body.error_description).toBe("string");
  expect(result.response.headers.get("cache-control")).toBe("no-store");
  expect(result.response.headers.get("www-authenticate")).toBe(status === 401 ? 'Basic realm="portal"' : null);
  expect(result.body).not.toHaveProperty("access_token");
}

const ids = { read: "", write: "", legacy: "", other: "" };

beforeAll(async () => {
  const profile = await createProfile("RoleOfficerByCategory");
  await prisma.profileContext.create({ data: { id: -7, category: "Department", d0: "Sales" } });
  ids.read = (await createScope("orders.read")).id;
  ids.write = (await createScope("orders.write")).id;
  ids.legacy = (await createScope("orders.legacy", false)).id;
  ids.other = (await createScope("billing.read")).id;
  const scopeIds = [ids.read, ids.write, ids.legacy];
  const base = { profileId: profile.id, scopeIds };
  await createOAuthClient({
    ...base,
    clientId: "svc-basic",
    secrets: [
      { value: "basic-secret-1" },
      { value: "basic-secret-2", expiresAt: new Date(Date.now() + HOUR) },
      { value: "basic-revoked", revoked: true },
      { value: "basic-expired", expiresAt: new Date(Date.now() - 1000) },
    ],
  });
  await createOAuthClient({
    ...base,
    clientId: "svc-post",
    method: "client_secret_post",
    alg: "ES256",
    profileContextId: -7,
    secrets: [{ value: "post-secret" }],
  });
  await createOAuthClient({ ...base, clientId: "svc-disabled", enabled: false, secrets: [{ value: "disabled-secret" }] });
  await createOAuthClient({ ...base, clientId: "svc-expired", expiresAt: new Date(Date.now() - 1000), secrets: [{ value: "expired-client-secret" }] });
  await createOAuthClient({ ...base, clientId: "web-app", flow: "AuthorizationCode", secrets: [{ value: "web-secret" }] });
  await createOAuthClient({ ...base, clientId: "spa", flow: "AuthorizationCode", method: "none" });
  await createOAuthClient({ ...base, clientId: "no-scopes", scopeIds: [], secrets: [{ value: "no-scopes-secret" }] });
  // Stored ids and secrets with characters Basic must form-urlencode (the schema would not allow
  // such a client_id today; the endpoint must still decode them right).
  await createOAuthClient({ ...base, clientId: "we:ird%+ id-ü", secrets: [{ value: "p:a%s+s wörd-🔑" }] });
});

describe("POST /oauth/token: client_credentials", () => {
  it("issues a Bearer token to a client_secret_basic client, with no-store headers", async () => {
    const { response, status, body } = await call({ ...CC, scope: "orders.read" }, { basic: ["svc-basic", "basic-secret-1"] });
    expect(status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("pragma")).toBe("no-cache");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, scope: "orders.read" });
    expect(decodeProtectedHeader(body.access_token as string)).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    expect(await verifyAccessToken(body.access_token as string)).toMatchObject({
      iss: issuer(),
      aud: apiAudience(),
      sub: "svc-basic",
      client_id: "svc-basic",
      scope: "orders.read",
      profile: "RoleOfficerByCategory",
    });
  });

  it("accepts any active secret of the client", async () => {
    expect((await call(CC, { basic: ["svc-basic", "basic-secret-2"] })).status).toBe(200);
  });

  it("issues to a client_secret_post client, signed with its algorithm and carrying its profile context", async () => {
    const { status, body } = await call({ ...CC, client_id: "svc-post", client_secret: "post-secret", scope: "orders.write orders.read" });
    expect(status).toBe(200);
    expect(body.scope).toBe("orders.write orders.read");
    expect(decodeProtectedHeader(body.access_token as string).alg).toBe("ES256");
    expect(await verifyAccessToken(body.access_token as string)).toMatchObject({ client_id: "svc-post", profile_context: -7 });
  });

  it("decodes form-urlencoded Basic credentials with : % + space and non-ASCII", async () => {
    const { status, body } = await call(CC, { basic: ["we:ird%+ id-ü", "p:a%s+s wörd-🔑"] });
    expect(status).toBe(200);
    expect(await verifyAccessToken(body.access_token as string)).toMatchObject({ client_id: "we:ird%+ id-ü" });
  });

  it("without scope grants every allowed, enabled scope; an allowed but disabled scope is left out", async () => {
    const { body } = await call(CC, { basic: ["svc-basic", "basic-secret-1"] });
    expect(body.scope).toBe("orders.read orders.write");
    const empty = await call({ ...CC, scope: "" }, { basic: ["svc-basic", "basic-secret-1"] });
    expect(empty.body.scope).toBe("orders.read orders.write");
    const none = await call(CC, { basic: ["no-scopes", "no-scopes-secret"] });
    expect({ status: none.status, scope: none.body.scope }).toEqual({ status: 200, scope: "" });
  });

  it("refuses a scope that is unknown, not allowed for the client, or disabled: invalid_scope", async () => {
    for (const scope of ["orders.delete", "billing.read", "orders.legacy", "orders.read billing.read"]) {
      const result = await call({ ...CC, scope }, { basic: ["svc-basic", "basic-secret-1"] });
      await expectRefusal(result, "invalid_scope", 400);
    }
  });
});

describe("POST /oauth/token: refusals", () => {
  const basic = (id: string, secret: string) => call(CC, { basic: [id, secret] });

  it("wrong secret, revoked secret, expired secret and unknown client: the same invalid_client 401", async () => {
    const results = [
      await basic("svc-basic", "wrong"),
      await basic("svc-basic", "basic-revoked"),
      await basic("svc-basic", "basic-expired"),
      await basic("nobody", "basic-secret-1"),
      await basic("svc-basic", ""),
    ];
    for (const result of results) await expectRefusal(result, "invalid_client", 401);
    // Nothing tells an unknown client from a wrong secret.
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it("disabled and expired clients: invalid_client 401", async () => {
    const disabled = await basic("svc-disabled", "disabled-secret");
    await expectRefusal(disabled, "invalid_client", 401);
    expect(disabled.body.error_description).toBe("The client is disabled.");
    const expired = await basic("svc-expired", "expired-client-secret");
    await expectRefusal(expired, "invalid_client", 401);
    expect(expired.body.error_description).toBe("The client has expired.");
  });

  it("the other authentication method than the registered one: invalid_client 401", async () => {
    await expectRefusal(await call({ ...CC, client_id: "svc-basic", client_secret: "basic-secret-1" }), "invalid_client", 401);
    await expectRefusal(await basic("svc-post", "post-secret"), "invalid_client", 401);
  });

  it("both methods at once: invalid_request", async () => {
    await expectRefusal(
      await call({ ...CC, client_id: "svc-basic", client_secret: "basic-secret-1" }, { basic: ["svc-basic", "basic-secret-1"] }),
      "invalid_request",
      400,
    );
  });

  it("a public client (no secret) cannot use the grant: invalid_client 401", async () => {
    await expectRefusal(await call({ ...CC, client_id: "spa" }), "invalid_client", 401);
    await expectRefusal(await call(CC), "invalid_client", 401);
  });

  it("a confidential client of another flow: unauthorized_client", async () => {
    await expectRefusal(await basic("web-app", "web-secret"), "unauthorized_client", 400);
  });

  it("another grant type: unsupported_grant_type; none: invalid_request", async () => {
    await expectRefusal(
      await call({ grant_type: "password", username: "u", password: "p" }, { basic: ["svc-basic", "basic-secret-1"] }),
      "unsupported_grant_type",
      400,
    );
    await expectRefusal(await call({ grant_type: "authorization_code", code: "x" }, { basic: ["svc-basic", "basic-secret-1"] }), "unsupported_grant_type", 400);
    await expectRefusal(await call({ scope: "orders.read" }, { basic: ["svc-basic", "basic-secret-1"] }), "invalid_request", 400);
  });

  it("anything but a form body, or a repeated parameter: invalid_request", async () => {
    await expectRefusal(await call(CC, { basic: ["svc-basic", "basic-secret-1"], contentType: "application/json" }), "invalid_request", 400);
    const repeated = new Request(URL_, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${btoa("svc-basic:basic-secret-1")}` },
      body: "grant_type=client_credentials&scope=orders.read&scope=orders.write",
    });
    const response = await handle(repeated, "test");
    expect({ status: response.status, error: ((await response.json()) as { error: string }).error }).toEqual({ status: 400, error: "invalid_request" });
  });
});

describe("POST /oauth/token: rate limits", () => {
  it("per address: 429 temporarily_unavailable with Retry-After, for any outcome", async () => {
    const limited = createTokenEndpoint({ perClient: new RateLimiter(100, 60_000), perAddress: new RateLimiter(2, 60_000) });
    const request = () => limited(formRequest(URL_, CC, { basic: ["svc-basic", "wrong"] }), "198.51.100.7");
    expect((await request()).status).toBe(401);
    expect((await request()).status).toBe(401);
    const third = await request();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(third.headers.get("cache-control")).toBe("no-store");
    expect(await third.json()).toMatchObject({ error: "temporarily_unavailable" });
    // Another address is not affected.
    expect((await limited(formRequest(URL_, CC, { basic: ["svc-basic", "basic-secret-1"] }), "198.51.100.8")).status).toBe(200);
  });

  it("per client: counts authenticated requests only, so strangers cannot lock a client out", async () => {
    const limited = createTokenEndpoint({ perClient: new RateLimiter(1, 60_000), perAddress: new RateLimiter(100, 60_000) });
    const attempt = (secret: string) => limited(formRequest(URL_, CC, { basic: ["svc-basic", secret] }), "203.0.113.1");
    for (let i = 0; i < 3; i++) expect((await attempt("wrong")).status).toBe(401);
    expect((await attempt("basic-secret-1")).status).toBe(200);
    const second = await attempt("basic-secret-1");
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("scope helpers", () => {
  it("parses the scope parameter: space-delimited, duplicates dropped, invalid characters refused", () => {
    expect(parseScopeParam(undefined)).toBeNull();
    expect(parseScopeParam("  ")).toBeNull();
    expect(parseScopeParam("a  b a")).toEqual(["a", "b"]);
    expect(() => parseScopeParam('a "b"')).toThrow(/invalid_scope/);
  });

  it("grants requested scopes in request order, or every allowed enabled scope", () => {
    const client = { scopes: [{ scope: { name: "b", enabled: true } }, { scope: { name: "a", enabled: true } }, { scope: { name: "c", enabled: false } }] };
    expect(grantScopes(client, null)).toEqual(["a", "b"]);
    expect(grantScopes(client, ["b", "a"])).toEqual(["b", "a"]);
    expect(() => grantScopes(client, ["c"])).toThrow(/invalid_scope/);
  });
});
