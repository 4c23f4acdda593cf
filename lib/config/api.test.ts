// The configuration import/export in the admin REST API: route handlers called directly, on a real
// database, with access tokens the portal issues itself.
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v0/export/route";
import * as importRoute from "@/app/api/v0/import/route";
import { issueAccessToken } from "@/lib/oauth/access-token";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";

const BASE = "http://localhost:3000/api/v0";
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

async function call(
  handler: unknown,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const request = new Request(`${BASE}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body });
  const response = await (handler as Handler)(request, { params: Promise.resolve({}) as Promise<never> });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text };
}

const JOB = `<OpenIdClient Identifier="Job" HashedSecret="K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=" DisplayName_L1="ClientId for Jobs" Profile="Administrator" />`;
const tokens = { admin: "", officer: "" };

beforeAll(async () => {
  const admin = await prisma.profile.create({ data: { identifier: "Administrator", displayName: "Administrator" } });
  const officer = await prisma.profile.create({ data: { identifier: "RoleOfficer", displayName: "Role officer" } });
  await prisma.profileContext.create({ data: { id: -2, category: "Department", d0: "Sales" } });
  await prisma.client.create({ data: clientRow("deploy-bot", admin.id, { displayName: "Deploy", adminApiRole: "Owner" }) });
  await prisma.client.create({ data: clientRow("officer-bot", officer.id, { displayName: "Officer", profileContextId: -2, adminApiRole: "Editor" }) });
  tokens.admin = (await issueAccessToken({ clientId: "deploy-bot", alg: "ES256", scopes: [], profile: "Administrator", profileContextId: null })).token;
  tokens.officer = (await issueAccessToken({ clientId: "officer-bot", alg: "ES256", scopes: [], profile: "RoleOfficer", profileContextId: -2 })).token;
});

describe("POST /api/v0/import", () => {
  it("plans with ?dry_run=true and writes nothing, then imports", async () => {
    const dry = await call(importRoute.POST, "POST", "/import?dry_run=true", {
      token: tokens.admin,
      body: JOB,
      headers: { "content-type": "application/xml" },
    });
    expect(dry.status).toBe(200);
    expect(JSON.parse(dry.text)).toMatchObject({ dry_run: true, valid: true, applied: false, entries: [{ kind: "client", key: "Job", action: "create" }] });
    expect(await prisma.client.count({ where: { clientId: "Job" } })).toBe(0);

    const done = await call(importRoute.POST, "POST", "/import", {
      token: tokens.admin,
      body: JOB,
      headers: { "content-type": "application/xml; charset=utf-8" },
    });
    expect(done.status).toBe(200);
    expect(JSON.parse(done.text)).toMatchObject({ applied: true, warnings: [{ path: "/OpenIdClient[1]/@HashedSecret" }] });
    const event = await prisma.auditEvent.findFirst({ where: { action: "config.imported" } });
    expect(event).toMatchObject({ actorType: "client", actorLabel: "deploy-bot" });
  });

  it("answers 400 with every problem at its path, and 415 for another content type", async () => {
    const bad = await call(importRoute.POST, "POST", "/import", {
      token: tokens.admin,
      body: JSON.stringify({ format: "oidc-admin-portal", version: 1, clients: [{ client_id: "x y" }] }),
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.text);
    expect(body.error).toBe("invalid_request");
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["clients[0].client_id", "clients[0].display_name", "clients[0].flow"]),
    );
    const other = await call(importRoute.POST, "POST", "/import", { token: tokens.admin, body: "x", headers: { "content-type": "text/plain" } });
    expect(other.status).toBe(415);
  });

  it("has the permissions of the rest of the API beyond clients: Administrator only", async () => {
    expect((await call(importRoute.POST, "POST", "/import", { body: JOB, headers: { "content-type": "application/xml" } })).status).toBe(401);
    expect((await call(importRoute.POST, "POST", "/import", { token: tokens.officer, body: JOB, headers: { "content-type": "application/xml" } })).status).toBe(
      403,
    );
    expect((await call(exportRoute.GET, "GET", "/export", { token: tokens.officer })).status).toBe(403);
  });
});

describe("GET /api/v0/export", () => {
  it("exports JSON by default and XML when asked", async () => {
    const json = await call(exportRoute.GET, "GET", "/export", { token: tokens.admin });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text)).toMatchObject({ format: "oidc-admin-portal", version: 1 });
    const xml = await call(exportRoute.GET, "GET", "/export", { token: tokens.admin, headers: { accept: "application/xml" } });
    expect(xml.type).toMatch(/^application\/xml/);
    expect(xml.text).toContain('<OpenIdClient Identifier="deploy-bot"');
    const refused = await call(exportRoute.GET, "GET", "/export?include_provider_secrets=true", { token: tokens.admin });
    expect(refused.status).toBe(400);
  });
});
