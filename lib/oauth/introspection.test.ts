import { beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { prisma } from "@/lib/testing/db";
import { issueAccessToken } from "./access-token";
import { apiAudience, issuer } from "./config";
import { createIntrospectionEndpoint } from "./introspection";
import { addSecret, createOAuthClient, createProfile, createScope, formRequest } from "@/lib/testing/oauth";

const URL_ = "http://localhost:3000/oauth/introspect";
const handle = createIntrospectionEndpoint({ perAddress: new RateLimiter(1000, 60_000) });

async function introspect(params: Record<string, string>, options?: Parameters<typeof formRequest>[2]) {
  const response = await handle(formRequest(URL_, params, options), "test");
  return { response, status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const token = async (clientId: string, scopes: string[], now?: number) =>
  (await issueAccessToken({ clientId, alg: "ES256", scopes, profile: "Administrator", profileContextId: clientId === "svc-a" ? -3 : null }, now)).token;

const asReader = { basic: ["orders.read", "scope-secret"] as [string, string] };

beforeAll(async () => {
  const profile = await createProfile("Administrator");
  await prisma.profileContext.create({ data: { id: -3, category: "Region", d0: "North" } });
  const read = await createScope("orders.read");
  await addSecret({ scopeId: read.id }, { value: "scope-secret" });
  await addSecret({ scopeId: read.id }, { value: "scope-revoked", revoked: true });
  const off = await createScope("orders.off", false);
  await addSecret({ scopeId: off.id }, { value: "off-secret" });
  for (const clientId of ["svc-a", "svc-b", "svc-gone", "svc-later-disabled"]) {
    await createOAuthClient({ clientId, profileId: profile.id, scopeIds: [read.id], secrets: [{ value: `${clientId}-secret` }] });
  }
  await createOAuthClient({ clientId: "svc-post", method: "client_secret_post", profileId: profile.id, secrets: [{ value: "svc-post-secret" }] });
});

describe("POST /oauth/introspect by a scope secret", () => {
  it("answers active with every claim for a token that carries the scope", async () => {
    const t = await token("svc-a", ["orders.read"]);
    const { status, body, response } = await introspect({ token: t, token_type_hint: "refresh_token" }, asReader);
    expect(status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body).toEqual({
      active: true,
      scope: "orders.read",
      client_id: "svc-a",
      sub: "svc-a",
      exp: expect.any(Number),
      iat: expect.any(Number),
      iss: issuer(),
      aud: apiAudience(),
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_type: "Bearer",
      profile: "Administrator",
      profile_context: -3,
    });
    expect((body.exp as number) - (body.iat as number)).toBe(3600);
  });

  it("also authenticates with client_id/client_secret in the body", async () => {
    const { body } = await introspect({ token: await token("svc-b", ["orders.read", "x"]), client_id: "orders.read", client_secret: "scope-secret" });
    expect(body).toMatchObject({ active: true, client_id: "svc-b", scope: "orders.read x" });
    expect(body).not.toHaveProperty("profile_context");
  });

  it("learns nothing about a token without its scope", async () => {
    expect((await introspect({ token: await token("svc-a", ["orders.write"]) }, asReader)).body).toEqual({ active: false });
    expect((await introspect({ token: await token("svc-a", []) }, asReader)).body).toEqual({ active: false });
  });

  it("refuses a revoked scope secret, a disabled scope's secret and a wrong secret: 401 invalid_client", async () => {
    const t = await token("svc-a", ["orders.read", "orders.off"]);
    for (const basic of [
      ["orders.read", "scope-revoked"],
      ["orders.off", "off-secret"],
      ["orders.read", "nope"],
      ["no.such.scope", "scope-secret"],
    ] as [string, string][]) {
      const { status, body, response } = await introspect({ token: t }, { basic });
      expect({ status, error: body.error }).toEqual({ status: 401, error: "invalid_client" });
      expect(response.headers.get("www-authenticate")).toBe('Basic realm="portal"');
      expect(body).not.toHaveProperty("active");
    }
  });
});

describe("POST /oauth/introspect by a client", () => {
  it("answers for its own tokens only", async () => {
    const own = await introspect({ token: await token("svc-a", ["orders.read"]) }, { basic: ["svc-a", "svc-a-secret"] });
    expect(own.body).toMatchObject({ active: true, client_id: "svc-a" });
    const other = await introspect({ token: await token("svc-b", ["orders.read"]) }, { basic: ["svc-a", "svc-a-secret"] });
    expect(other.body).toEqual({ active: false });
  });

  it("applies the token endpoint's client checks (registered method, secret)", async () => {
    const t = await token("svc-post", []);
    expect((await introspect({ token: t, client_id: "svc-post", client_secret: "svc-post-secret" })).body).toMatchObject({ active: true });
    expect((await introspect({ token: t }, { basic: ["svc-post", "svc-post-secret"] })).status).toBe(401);
    expect((await introspect({ token: t }, { basic: ["svc-a", "wrong"] })).status).toBe(401);
  });
});

describe("POST /oauth/introspect: inactive and refused", () => {
  it("answers active:false for garbage, a forged token and an expired token", async () => {
    const t = await token("svc-a", ["orders.read"]);
    const expired = await token("svc-a", ["orders.read"], Math.floor(Date.now() / 1000) - 7200);
    for (const value of ["garbage", "a.b.c", `${t.slice(0, -2)}xx`, expired, "x".repeat(9000)]) {
      expect((await introspect({ token: value }, asReader)).body).toEqual({ active: false });
    }
  });

  it("answers active:false once the token's client is disabled, expired or deleted", async () => {
    const t = await token("svc-later-disabled", ["orders.read"]);
    expect((await introspect({ token: t }, asReader)).body).toMatchObject({ active: true });
    await prisma.client.update({ where: { clientId: "svc-later-disabled" }, data: { enabled: false } });
    expect((await introspect({ token: t }, asReader)).body).toEqual({ active: false });
    await prisma.client.update({ where: { clientId: "svc-later-disabled" }, data: { enabled: true, expiresAt: new Date(Date.now() - 1000) } });
    expect((await introspect({ token: t }, asReader)).body).toEqual({ active: false });

    const g = await token("svc-gone", ["orders.read"]);
    expect((await introspect({ token: g }, asReader)).body).toMatchObject({ active: true });
    await prisma.client.delete({ where: { clientId: "svc-gone" } });
    expect((await introspect({ token: g }, asReader)).body).toEqual({ active: false });
  });

  it("does not revive old tokens when a client_id is created again", async () => {
    const old = await token("svc-reborn", ["orders.read"], Math.floor(Date.now() / 1000) - 60);
    const profile = await prisma.profile.findFirstOrThrow();
    await createOAuthClient({ clientId: "svc-reborn", profileId: profile.id });
    expect((await introspect({ token: old }, asReader)).body).toEqual({ active: false });
  });

  it("401 invalid_client without authentication; 400 invalid_request without token", async () => {
    const t = await token("svc-a", ["orders.read"]);
    const anonymous = await introspect({ token: t });
    expect({ status: anonymous.status, error: anonymous.body.error }).toEqual({ status: 401, error: "invalid_client" });
    expect(anonymous.response.headers.get("www-authenticate")).toBe('Basic realm="portal"');
    const missing = await introspect({}, asReader);
    expect({ status: missing.status, error: missing.body.error }).toEqual({ status: 400, error: "invalid_request" });
  });
});
