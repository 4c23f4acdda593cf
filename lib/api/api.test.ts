// Integration tests of the admin REST API: the route handlers called directly, on a real database,
// authorized by access tokens the portal issues itself.
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as clientRoute from "@/app/api/v0/oidc/clients/[id]/route";
import * as clientSecretRotateRoute from "@/app/api/v0/oidc/clients/[id]/secrets/[secretId]/rotate/route";
import * as clientSecretRoute from "@/app/api/v0/oidc/clients/[id]/secrets/[secretId]/route";
import * as clientSecretsRoute from "@/app/api/v0/oidc/clients/[id]/secrets/route";
import * as clientsRoute from "@/app/api/v0/oidc/clients/route";
import * as openApiRoute from "@/app/api/v0/openapi.json/route";
import * as scopeRoute from "@/app/api/v0/scopes/[id]/route";
import * as scopeSecretRotateRoute from "@/app/api/v0/scopes/[id]/secrets/[secretId]/rotate/route";
import * as scopeSecretRoute from "@/app/api/v0/scopes/[id]/secrets/[secretId]/route";
import * as scopeSecretsRoute from "@/app/api/v0/scopes/[id]/secrets/route";
import * as scopesRoute from "@/app/api/v0/scopes/route";
import { issueAccessToken } from "@/lib/oauth/access-token";
import { authenticateClient } from "@/lib/oauth/client-auth";
import { ensureBuiltInScopes } from "@/lib/scopes/builtin";
import { hashSecret } from "@/lib/secrets/secret";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";

const BASE = "http://localhost:3000/api/v0";
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/** Calls a route handler the way Next.js does: a Request and the route's params. */
async function call(
  handler: unknown,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${BASE}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const response = await (handler as Handler)(request, { params: Promise.resolve(options.params ?? {}) as Promise<never> });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

let profiles: Record<string, string>;
let tokens: { admin: string; officer: string; auditor: string };
let adminBot: { id: string; clientId: string };
let officerBot: { id: string; clientId: string };

async function apiClient(clientId: string, profile: string, profileContextId: number | null, adminApiRole: "Owner" | "Editor" | "Auditor" | null) {
  const client = await prisma.client.create({
    data: clientRow(clientId, profiles[profile]!, { profileContextId, adminApiRole }),
    select: { id: true, clientId: true },
  });
  const { token } = await issueAccessToken({ clientId, alg: "ES256", scopes: [], profile, profileContextId });
  return { client, token };
}

beforeAll(async () => {
  profiles = {};
  for (const identifier of ["Administrator", "RoleOfficerByCategory", "Auditor"]) {
    profiles[identifier] = (await prisma.profile.create({ data: { identifier, displayName: identifier } })).id;
  }
  await prisma.profileContext.createMany({
    data: [
      { id: -2, category: "Category", d0: "Finance" },
      { id: -3, category: "Category", d0: "Sales" },
    ],
  });
  await ensureBuiltInScopes(prisma);
  const admin = await apiClient("admin-bot", "Administrator", null, "Owner");
  const officer = await apiClient("officer-bot", "RoleOfficerByCategory", -2, "Editor");
  const auditor = await apiClient("auditor-bot", "Auditor", null, null);
  adminBot = admin.client;
  officerBot = officer.client;
  tokens = { admin: admin.token, officer: officer.token, auditor: auditor.token };
});

const BEYOND_IDENTITY_EXAMPLE = {
  name: "Test App",
  redirect_uris: ["https://example.com/callback"],
  id_token_signed_response_alg: "RS256",
  token_endpoint_auth_method: "client_secret_basic",
};

let n = 0;
/** Creates a client through the API as `token`'s caller and returns the answer's body. */
async function created(token: string, body: Record<string, unknown> = {}) {
  const res = await call(clientsRoute.POST, "POST", "/oidc/clients", { token, body: { name: `App ${++n}`, client_id: `app-${n}`, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe("POST /oidc/clients", () => {
  it("creates a client from the Beyond Identity example body and returns its secret once", async () => {
    const res = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: BEYOND_IDENTITY_EXAMPLE });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Test App",
      redirect_uris: ["https://example.com/callback"],
      id_token_signed_response_alg: "RS256",
      token_endpoint_auth_method: "client_secret_basic",
      flow: "AuthorizationCode",
      profile: "Administrator",
      profile_context_id: null,
      enabled: true,
      status: "active",
      version: 1,
    });
    expect(res.body.id).toEqual(expect.any(String));
    expect(res.body.client_id).toMatch(/^[A-Za-z0-9._~-]{3,100}$/);
    expect(res.body.client_id).not.toBe(res.body.id);
    expect(res.body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.date_created).toMatch(RFC3339);
    expect(res.body.date_modified).toMatch(RFC3339);
    expect(res.headers.get("cache-control")).toBe("no-store");

    const stored = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: res.body.id }, select: { hash: true } });
    expect(stored.hash).toBe(hashSecret(res.body.client_secret));

    const read = await call(clientRoute.GET, "GET", `/oidc/clients/${res.body.id}`, { token: tokens.admin, params: { id: res.body.id } });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("client_secret");
    expect(read.text).not.toContain(res.body.client_secret);
    expect(read.text).not.toContain(stored.hash);
    expect(read.body.secrets).toEqual([expect.objectContaining({ hint: res.body.client_secret.slice(-4), status: "active", created_by: "admin-bot" })]);

    const list = await call(clientsRoute.GET, "GET", "/oidc/clients", { token: tokens.admin });
    expect(list.text).not.toContain(res.body.client_secret);
    expect(list.body.clients.every((c: object) => !("secrets" in c) && !("client_secret" in c))).toBe(true);
  });

  it("records the API client as the actor of every audit event, in the same transaction", async () => {
    const client = await created(tokens.admin);
    const events = await prisma.auditEvent.findMany({ where: { targetId: client.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["client.created", "secret.created"]);
    for (const e of events) expect(e).toMatchObject({ actorType: "client", actorId: adminBot.id, actorLabel: "admin-bot" });
    expect(JSON.stringify(events)).not.toContain(client.client_secret);
  });

  it("defaults to a ClientCredentials client without redirect URIs and makes no secret for a public client", async () => {
    expect((await created(tokens.admin)).flow).toBe("ClientCredentials");
    const pub = await created(tokens.admin, { redirect_uris: ["http://localhost:8080/cb"], token_endpoint_auth_method: "none" });
    expect(pub).toMatchObject({ flow: "AuthorizationCode", token_endpoint_auth_method: "none" });
    expect(pub).not.toHaveProperty("client_secret");
  });

  it("answers 400 with every field error, in the API's names, and writes nothing", async () => {
    const before = await prisma.client.count();
    const res = await call(clientsRoute.POST, "POST", "/oidc/clients", {
      token: tokens.admin,
      body: { redirect_uris: ["https://ok.example/cb", "http://evil.example/cb"], id_token_signed_response_alg: "HS256", client_id: "has space" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_request");
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: "redirect_uris.1", message: '"http://evil.example/cb" must use https (http is allowed only for localhost).' },
        { path: "name", message: expect.any(String) },
        { path: "id_token_signed_response_alg", message: "Choose ES256 or RS256." },
        { path: "client_id", message: "Use only letters, digits and . _ ~ -" },
      ]),
    );

    const rule = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: { name: "x", token_endpoint_auth_method: "none" } });
    expect(rule.body.errors).toEqual([{ path: "token_endpoint_auth_method", message: "A ClientCredentials client must authenticate with a secret." }]);

    const refs = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: { name: "x", profile: "Nobody" } });
    expect(refs).toMatchObject({ status: 400, body: { errors: [{ path: "profile", message: 'There is no profile "Nobody".' }] } });
    const scopes = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: { name: "x", scopes: ["openid", "nope.read"] } });
    expect(scopes).toMatchObject({ status: 400, body: { errors: [{ path: "scopes", message: "Unknown scope: nope.read." }] } });
    const notJson = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: [1] });
    expect(notJson.status).toBe(400);
    const huge = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: { name: "x", description: "x".repeat(300_000) } });
    expect(huge.status).toBe(413);
    // A lone surrogate is no character: refused at its field like NUL (it broke /audit's hydration).
    const lone = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: { name: "lone \ud800", description: "cut \ud83d" } });
    expect(lone).toMatchObject({
      status: 400,
      body: {
        errors: [
          { path: "name", message: expect.stringContaining("lone UTF-16 surrogate") },
          { path: "description", message: expect.stringContaining("surrogate") },
        ],
      },
    });
    expect(await prisma.client.count()).toBe(before);
  });

  it("answers 409 on the client_id field when it is taken", async () => {
    await created(tokens.admin, { client_id: "taken-id" });
    const res = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.admin, body: { name: "again", client_id: "taken-id" } });
    expect(res).toMatchObject({
      status: 409,
      body: { error: "conflict", errors: [{ path: "client_id", message: "A client with this client_id already exists." }] },
    });
  });
});

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate without a token, and invalid_token for a bad one", async () => {
    const none = await call(clientsRoute.GET, "GET", "/oidc/clients");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="portal"');

    for (const token of ["not-a-token", `${tokens.admin}x`]) {
      const bad = await call(clientsRoute.GET, "GET", "/oidc/clients", { token });
      expect(bad.status).toBe(401);
      expect(bad.headers.get("www-authenticate")).toBe('Bearer realm="portal", error="invalid_token"');
      expect(bad.body.error).toBe("invalid_token");
    }
    const basic = await call(clientsRoute.POST, "POST", "/oidc/clients", { headers: { authorization: "Basic eDp5" }, body: BEYOND_IDENTITY_EXAMPLE });
    expect(basic.status).toBe(401);
  });

  it("refuses the token of a client that was disabled, expired, deleted or given another profile", async () => {
    const { client, token } = await apiClient("short-lived-bot", "Administrator", null, "Owner");
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(200);

    await prisma.client.update({ where: { id: client.id }, data: { enabled: false } });
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(401);
    await prisma.client.update({ where: { id: client.id }, data: { enabled: true, expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(401);
    await prisma.client.update({ where: { id: client.id }, data: { expiresAt: null, profileContextId: -3 } });
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(401);
    await prisma.client.delete({ where: { id: client.id } });
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(401);
  });
});

describe("scope of responsibility (a client bound to profile context -2)", () => {
  let other: { id: string; client_id: string };

  beforeAll(async () => {
    other = await created(tokens.admin, { profile: "RoleOfficerByCategory", profile_context_id: -3 });
  });

  it("creates clients in its own context, with its own profile, by default", async () => {
    const mine = await created(tokens.officer);
    expect(mine).toMatchObject({ profile: "RoleOfficerByCategory", profile_context_id: -2 });
    const events = await prisma.auditEvent.findMany({ where: { targetId: mine.id } });
    expect(events.every((e) => e.actorType === "client" && e.actorId === officerBot.id && e.actorLabel === "officer-bot")).toBe(true);
  });

  it("does not find another context's client: 404 for GET, PUT, DELETE and its secrets", async () => {
    const params = { id: other.id };
    expect((await call(clientRoute.GET, "GET", `/oidc/clients/${other.id}`, { token: tokens.officer, params })).status).toBe(404);
    expect((await call(clientRoute.PUT, "PUT", `/oidc/clients/${other.id}`, { token: tokens.officer, params, body: { name: "hijacked" } })).status).toBe(404);
    expect((await call(clientRoute.DELETE, "DELETE", `/oidc/clients/${other.id}`, { token: tokens.officer, params })).status).toBe(404);
    expect((await call(clientSecretsRoute.POST, "POST", `/oidc/clients/${other.id}/secrets`, { token: tokens.officer, params, body: {} })).status).toBe(404);
    const secret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: other.id } });
    const revoke = await call(clientSecretRoute.DELETE, "DELETE", "/", { token: tokens.officer, params: { id: other.id, secretId: secret.id } });
    expect(revoke.status).toBe(404);

    const stored = await prisma.client.findUniqueOrThrow({ where: { id: other.id }, include: { secrets: true } });
    expect(stored).toMatchObject({ displayName: other.client_id.replace("app-", "App "), version: 1 });
    expect(stored.secrets).toHaveLength(1);
    expect(stored.secrets[0]!.revokedAt).toBeNull();
  });

  it("lists only its own context's clients", async () => {
    await created(tokens.officer);
    const list = await call(clientsRoute.GET, "GET", "/oidc/clients?page_size=200", { token: tokens.officer });
    expect(list.status).toBe(200);
    expect(list.body.clients.length).toBeGreaterThan(0);
    expect(list.body.clients.every((c: { profile_context_id: number }) => c.profile_context_id === -2)).toBe(true);
    expect(list.body.total_size).toBe(await prisma.client.count({ where: { profileContextId: -2 } }));
    expect(list.body.clients.map((c: { id: string }) => c.id)).not.toContain(other.id);
  });

  it("changes and deletes its own clients, but cannot move one to another context or give another profile (403)", async () => {
    const mine = await created(tokens.officer);
    const params = { id: mine.id };
    const renamed = await call(clientRoute.PUT, "PUT", "/", { token: tokens.officer, params, body: { name: "Renamed" } });
    expect(renamed).toMatchObject({ status: 200, body: { name: "Renamed", profile_context_id: -2 } });

    const move = await call(clientRoute.PUT, "PUT", "/", { token: tokens.officer, params, body: { profile_context_id: -3 } });
    expect(move).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const unbind = await call(clientRoute.PUT, "PUT", "/", { token: tokens.officer, params, body: { profile_context_id: null } });
    expect(unbind.status).toBe(403);
    const elsewhere = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.officer, body: { name: "x", profile_context_id: -3 } });
    expect(elsewhere.status).toBe(403);
    const escalate = await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.officer, body: { name: "x", profile: "Administrator" } });
    expect(escalate.status).toBe(403);
    expect(await prisma.client.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ profileContextId: -2, displayName: "Renamed" });

    expect((await call(clientRoute.DELETE, "DELETE", "/", { token: tokens.officer, params })).status).toBe(204);
    expect(await prisma.client.findUnique({ where: { id: mine.id } })).toBeNull();
  });

  it("may not touch scopes (403)", async () => {
    const openid = await prisma.scope.findUniqueOrThrow({ where: { name: "openid" } });
    expect((await call(scopesRoute.GET, "GET", "/scopes", { token: tokens.officer })).status).toBe(403);
    const create = await call(scopesRoute.POST, "POST", "/scopes", { token: tokens.officer, body: { name: "officer.scope", display_name: "x" } });
    expect(create).toMatchObject({ status: 403, body: { error: "forbidden", message: expect.any(String) } });
    expect((await call(scopeRoute.GET, "GET", "/", { token: tokens.officer, params: { id: openid.id } })).status).toBe(403);
    expect((await call(scopeSecretsRoute.POST, "POST", "/", { token: tokens.officer, params: { id: openid.id }, body: {} })).status).toBe(403);
    expect(await prisma.scope.count({ where: { name: "officer.scope" } })).toBe(0);
  });

  it("gives a client without an admin API role no access at all, whatever its profile", async () => {
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token: tokens.auditor })).status).toBe(403);
    expect((await call(clientsRoute.POST, "POST", "/oidc/clients", { token: tokens.auditor, body: BEYOND_IDENTITY_EXAMPLE })).status).toBe(403);
    expect((await call(clientRoute.GET, "GET", "/", { token: tokens.auditor, params: { id: other.id } })).status).toBe(403);
    expect((await call(scopesRoute.GET, "GET", "/scopes", { token: tokens.auditor })).status).toBe(403);
  });
});

describe("PUT /oidc/clients/{id}", () => {
  it("updates by the internal id, keeps omitted fields, bumps the version and audits the change", async () => {
    const client = await created(tokens.admin, { redirect_uris: ["https://a.example/cb"], description: "kept" });
    const params = { id: client.id };
    const res = await call(clientRoute.PUT, "PUT", "/", {
      token: tokens.admin,
      params,
      body: { name: "New name", redirect_uris: ["https://b.example/cb"], version: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: client.id,
      client_id: client.client_id,
      name: "New name",
      description: "kept",
      redirect_uris: ["https://b.example/cb"],
      version: 2,
    });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: client.id, action: "client.updated" } });
    expect(event).toMatchObject({ actorType: "client", actorId: adminBot.id });
    expect(event.changes).toEqual({
      displayName: { from: client.name, to: "New name" },
      redirectUris: { from: ["https://a.example/cb"], to: ["https://b.example/cb"] },
    });

    // The client_id is not an address, and it cannot change.
    expect((await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params: { id: client.client_id }, body: { name: "x" } })).status).toBe(404);
    const rename = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { client_id: "another-id" } });
    expect(rename).toMatchObject({ status: 400, body: { errors: [{ path: "client_id", message: "client_id cannot change; create a new client instead." }] } });
    expect((await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { client_id: client.client_id } })).status).toBe(200);
  });

  it("carries owners and contacts: set on create, kept by a PUT that leaves them out, checked as emails", async () => {
    const client = await created(tokens.admin, { owners: ["Team Orders", "lead@example.com"], contacts: ["oncall@example.com"] });
    expect(client).toMatchObject({ owners: ["Team Orders", "lead@example.com"], contacts: ["oncall@example.com"] });
    const params = { id: client.id };
    const kept = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { name: "Renamed" } });
    expect(kept.body).toMatchObject({ name: "Renamed", owners: ["Team Orders", "lead@example.com"], contacts: ["oncall@example.com"] });
    const changed = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { contacts: [] } });
    expect(changed.body).toMatchObject({ owners: ["Team Orders", "lead@example.com"], contacts: [] });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: client.id, action: "client.updated" }, orderBy: { at: "desc" } });
    expect(event.changes).toEqual({ contacts: { from: ["oncall@example.com"], to: null } });
    const bad = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { owners: ["lead@", "Team Orders", "team orders"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: "owners.0", message: '"lead@" is not a valid email address.' },
      { path: "owners", message: '"team orders" is listed twice.' },
    ]);
  });

  it("refuses a stale version (409) and invalid fields (400) without writing", async () => {
    const client = await created(tokens.admin);
    const params = { id: client.id };
    expect((await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { enabled: false } })).body.version).toBe(2);
    const stale = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { name: "late", version: 1 } });
    expect(stale).toMatchObject({
      status: 409,
      body: {
        error: "conflict",
        message:
          "The client changed after version 1 (it is now at version 2). Read it again and send your change with its current version, or omit version to overwrite.",
      },
    });
    const bad = await call(clientRoute.PUT, "PUT", "/", {
      token: tokens.admin,
      params,
      body: { flow: "AuthorizationCode", post_logout_redirect_uris: ["ftp://x"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: "post_logout_redirect_uris.0", message: '"ftp://x" must use https.' }]);
    const rule = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { flow: "AuthorizationCode" } });
    expect(rule.body.errors).toEqual([{ path: "redirect_uris", message: "Add at least one redirect URI (only ClientCredentials clients go without)." }]);
    expect(await prisma.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      version: 2,
      displayName: client.name,
      flow: "ClientCredentials",
    });
  });
});

describe("concurrent PUT /oidc/clients/{id}", () => {
  it("without version, the last write wins: ten concurrent writers all answer 200, each change saved and audited", async () => {
    const client = await created(tokens.admin, { description: "start" });
    const params = { id: client.id };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { description: `writer ${i}` } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // Each writer saw the one before it: the versions are 2…11, once each, and the last is stored.
    expect(answers.map((a) => a.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    const stored = await prisma.client.findUniqueOrThrow({ where: { id: client.id } });
    const last = answers.find((a) => a.body.version === 11)!;
    expect(stored).toMatchObject({ version: 11, description: last.body.description });
    expect(await prisma.auditEvent.count({ where: { targetId: client.id, action: "client.updated" } })).toBe(10);
  });

  it("with the same version, one writer wins and the others get the API's 409", async () => {
    const client = await created(tokens.admin);
    const params = { id: client.id };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { description: `writer ${i}`, version: 1 } }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(9);
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 409, body: { error: "conflict" } });
      expect(answer.body.message).toMatch(/^The client changed after version 1\b.*omit version to overwrite\.$/);
    }
    expect(await prisma.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ version: 2 });
  });
});

describe("while the database is away", () => {
  it("answers 503 temporarily_unavailable with Retry-After, not 500", async () => {
    const unreachable = Object.assign(new Error("Can't reach database server"), { name: "PrismaClientKnownRequestError", code: "P1001", clientVersion: "7" });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    vi.spyOn(prisma.client, "findMany").mockRejectedValueOnce(unreachable);
    try {
      const res = await call(clientsRoute.GET, "GET", "/oidc/clients", { token: tokens.admin, headers: { "x-request-id": "api-outage-1" } });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("2");
      expect(res.body).toEqual({ error: "temporarily_unavailable", message: "The database is not answering; nothing was saved. Try again in 2 seconds." });
      const lines = stderr.mock.calls.map(([chunk]) => JSON.parse(String(chunk)));
      expect(lines.every((line) => line.requestId === "api-outage-1")).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe("client secrets and delete", () => {
  it("adds a secret (value once), revokes it, then deletes the client", async () => {
    const client = await created(tokens.admin);
    const params = { id: client.id };
    const expiration = new Date(Date.now() + 86_400_000).toISOString();
    const added = await call(clientSecretsRoute.POST, "POST", "/", { token: tokens.admin, params, body: { description: "rotation", expiration } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ description: "rotation", status: "active", created_by: "admin-bot", expiration: expiration.replace(/\.\d{3}Z$/, "Z") });
    expect(added.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const past = await call(clientSecretsRoute.POST, "POST", "/", { token: tokens.admin, params, body: { expiration: "2000-01-01T00:00:00Z" } });
    expect(past).toMatchObject({ status: 400, body: { errors: [{ path: "expiration", message: "Choose a moment in the future." }] } });

    const secretParams = { id: client.id, secretId: added.body.id };
    expect((await call(clientSecretRoute.DELETE, "DELETE", "/", { token: tokens.admin, params: secretParams })).status).toBe(204);
    expect((await call(clientSecretRoute.DELETE, "DELETE", "/", { token: tokens.admin, params: secretParams })).status).toBe(404);
    const read = await call(clientRoute.GET, "GET", "/", { token: tokens.admin, params });
    expect(read.body.secrets.find((s: { id: string }) => s.id === added.body.id)).toMatchObject({ status: "revoked" });
    expect(read.text).not.toContain(added.body.secret);
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: client.id, actorId: adminBot.id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["client.created", "secret.created", "secret.created", "secret.revoked"]);

    expect((await call(clientRoute.DELETE, "DELETE", "/", { token: tokens.admin, params })).status).toBe(204);
    expect((await call(clientRoute.GET, "GET", "/", { token: tokens.admin, params })).status).toBe(404);
    expect(await prisma.secret.count({ where: { clientInternalId: client.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { targetId: client.id, action: "client.deleted", actorType: "client" } })).toBe(1);
  });
});

describe("POST …/secrets/{secretId}/rotate", () => {
  const DAY = 86_400_000;
  const rotatePath = (id: string, secretId: string) => `/oidc/clients/${id}/secrets/${secretId}/rotate`;

  /** A client created through the API, with its first secret's id and value. */
  async function clientWithSecret(token = tokens.admin, body: Record<string, unknown> = {}) {
    const client = await created(token, body);
    const { id: secretId } = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: client.id }, select: { id: true } });
    return { ...client, secretId, value: client.client_secret as string };
  }

  it("issues a new secret (value once) and retires the old one after the grace; both work meanwhile; audited as the API client, never the values", async () => {
    const client = await clientWithSecret();
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");
    let res: Awaited<ReturnType<typeof call>>;
    const before = Date.now();
    try {
      res = await call(clientSecretRotateRoute.POST, "POST", rotatePath(client.id, client.secretId), {
        token: tokens.admin,
        params: { id: client.id, secretId: client.secretId },
        body: { grace_days: 3, description: "next" },
      });
    } finally {
      vi.restoreAllMocks();
    }
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ description: "next", status: "active", created_by: "admin-bot", revoked_at: null, retiring: { id: client.secretId } });
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.hint).toBe(res.body.secret.slice(-4));
    const retiresAt = new Date(res.body.retiring.expiration).getTime();
    expect(retiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3 * DAY);
    expect(retiresAt).toBeLessThanOrEqual(Date.now() + 3 * DAY);

    const stored = await prisma.secret.findUniqueOrThrow({ where: { id: res.body.id }, select: { hash: true } });
    expect(stored.hash).toBe(hashSecret(res.body.secret));
    const old = await prisma.secret.findUniqueOrThrow({ where: { id: client.secretId }, omit: { hash: false } });
    expect(old).toMatchObject({ revokedAt: null, rotatedAt: expect.any(Date) });
    expect(res.body.retiring).toEqual({ id: old.id, hint: old.hint, expiration: old.expiresAt!.toISOString().replace(/\.\d{3}Z$/, "Z") });

    // Both authenticate until the grace ends; then only the new one.
    const as = (secret: string, at = new Date()) => authenticateClient({ method: "client_secret_basic", id: client.client_id, secret }, at);
    await expect(as(client.value)).resolves.toMatchObject({ secretId: old.id });
    await expect(as(res.body.secret)).resolves.toMatchObject({ secretId: res.body.id });
    const after = new Date(old.expiresAt!.getTime() + 1);
    await expect(as(client.value, after)).rejects.toMatchObject({ error: "invalid_client" });
    await expect(as(res.body.secret, after)).resolves.toMatchObject({ secretId: res.body.id });

    const events = await prisma.auditEvent.findMany({ where: { targetId: client.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["client.created", "secret.created", "secret.created", "secret.rotated"]);
    for (const e of events.slice(2)) expect(e).toMatchObject({ actorType: "client", actorId: adminBot.id, actorLabel: "admin-bot" });
    expect(events[3]!.changes).toMatchObject({ secretId: old.id, newSecretId: res.body.id, expiresAt: old.expiresAt!.toISOString() });
    const written = [JSON.stringify(events), ...[stdout, stderr].flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))].join("\n");
    for (const value of [client.value, res.body.secret, stored.hash, old.hash]) expect(written).not.toContain(value);

    // As the batched usage write (lib/oauth/token-usage.ts) leaves it.
    await prisma.secret.update({ where: { id: old.id }, data: { lastUsedAt: new Date("2026-03-04T05:06:07.890Z") } });
    const read = await call(clientRoute.GET, "GET", "/", { token: tokens.admin, params: { id: client.id } });
    expect(read.text).not.toContain(res.body.secret);
    // The old secret says when it was replaced and when it last authenticated a caller; the new one has done neither.
    expect(read.body.secrets.find((s: { id: string }) => s.id === old.id)).toMatchObject({
      status: "active",
      expiration: res.body.retiring.expiration,
      rotated_at: old.rotatedAt!.toISOString().replace(/\.\d{3}Z$/, "Z"),
      last_used_at: "2026-03-04T05:06:07Z",
    });
    expect(read.body.secrets.find((s: { id: string }) => s.id === res.body.id)).toMatchObject({ rotated_at: null, last_used_at: null });
  });

  it("takes no body at all: a grace of 7 days and the usual description", async () => {
    const client = await clientWithSecret();
    const res = await call(clientSecretRotateRoute.POST, "POST", "/", { token: tokens.admin, params: { id: client.id, secretId: client.secretId } });
    expect(res.status, res.text).toBe(201);
    const old = await prisma.secret.findUniqueOrThrow({ where: { id: client.secretId } });
    expect(old.expiresAt!.getTime() - old.rotatedAt!.getTime()).toBe(7 * DAY);
    expect(res.body.description).toBe(`Replaces …${old.hint}`);
  });

  it("answers 400 for a bad grace or body, 404 for an unknown client or secret, 409 for a secret that cannot be rotated — writing nothing", async () => {
    const client = await clientWithSecret();
    const params = { id: client.id, secretId: client.secretId };
    const rotate = (p: Record<string, string>, body?: unknown, token = tokens.admin) =>
      call(clientSecretRotateRoute.POST, "POST", "/", { token, params: p, body });
    const count = () => prisma.secret.count();
    const other = await clientWithSecret();
    const before = await count();

    for (const grace_days of [0, 31, 1.5, "7", null]) {
      const res = await rotate(params, { grace_days });
      expect(res, JSON.stringify(grace_days)).toMatchObject({ status: 400, body: { error: "invalid_request", errors: [{ path: "grace_days" }] } });
    }
    expect((await rotate(params, [7])).status).toBe(400);

    for (const p of [
      { id: client.id, secretId: "no-such-secret" },
      { id: "no-such-client", secretId: client.secretId },
      { id: client.id, secretId: other.secretId },
    ]) {
      expect(await rotate(p, {}), JSON.stringify(p)).toMatchObject({ status: 404, body: { error: "not_found" } });
    }
    expect(await count()).toBe(before);
    expect(await prisma.secret.count({ where: { rotatedAt: { not: null }, id: { in: [client.secretId, other.secretId] } } })).toBe(0);

    // Already retiring, revoked, expired: the secret's state refuses it.
    expect((await rotate(params, {})).status).toBe(201);
    const revoked = (await call(clientSecretsRoute.POST, "POST", "/", { token: tokens.admin, params: { id: client.id }, body: {} })).body.id;
    await prisma.secret.update({ where: { id: revoked }, data: { revokedAt: new Date() } });
    const expired = (await call(clientSecretsRoute.POST, "POST", "/", { token: tokens.admin, params: { id: client.id }, body: {} })).body.id;
    await prisma.secret.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const settled = await count();
    for (const secretId of [client.secretId, revoked, expired]) {
      const res = await rotate({ id: client.id, secretId }, { grace_days: 2 });
      expect(res).toMatchObject({ status: 409, body: { error: "conflict", message: expect.stringMatching(/already retiring/) } });
    }
    expect(await count()).toBe(settled);
  });

  it("answers 401 without a token, 403 to an Auditor and to an Editor rotating a stronger client, 404 outside the caller's context", async () => {
    const client = await clientWithSecret();
    const params = { id: client.id, secretId: client.secretId };
    expect((await call(clientSecretRotateRoute.POST, "POST", "/", { params, body: {} })).status).toBe(401);
    expect(await call(clientSecretRotateRoute.POST, "POST", "/", { token: tokens.auditor, params, body: {} })).toMatchObject({
      status: 403,
      body: { error: "forbidden" },
    });
    const { token: editor } = await apiClient("rotating-editor-bot", "Administrator", null, "Editor");
    const strong = await clientWithSecret(tokens.admin, { admin_api_role: "Owner" });
    const stronger = await call(clientSecretRotateRoute.POST, "POST", "/", { token: editor, params: { id: strong.id, secretId: strong.secretId }, body: {} });
    expect(stronger).toMatchObject({ status: 403, body: { message: expect.stringMatching(/holds Owner access/) } });
    const elsewhere = await clientWithSecret(tokens.admin, { profile: "RoleOfficerByCategory", profile_context_id: -3 });
    const outside = await call(clientSecretRotateRoute.POST, "POST", "/", {
      token: tokens.officer,
      params: { id: elsewhere.id, secretId: elsewhere.secretId },
      body: {},
    });
    expect(outside.status).toBe(404);
    expect(await prisma.secret.count({ where: { id: { in: [client.secretId, strong.secretId, elsewhere.secretId] }, rotatedAt: { not: null } } })).toBe(0);

    // Within its own context the bound client rotates.
    const mine = await clientWithSecret(tokens.officer);
    const own = await call(clientSecretRotateRoute.POST, "POST", "/", { token: tokens.officer, params: { id: mine.id, secretId: mine.secretId }, body: {} });
    expect(own.status, own.text).toBe(201);
    expect(await prisma.auditEvent.findFirst({ where: { targetId: mine.id, action: "secret.rotated" } })).toMatchObject({ actorId: officerBot.id });
  });

  it("rotates a scope secret the same way; no scope for a context-bound caller", async () => {
    const scope = await call(scopesRoute.POST, "POST", "/scopes", { token: tokens.admin, body: { name: "rotate.scope", display_name: "x" } });
    const added = await call(scopeSecretsRoute.POST, "POST", "/", { token: tokens.admin, params: { id: scope.body.id }, body: { description: "rs" } });
    const params = { id: scope.body.id, secretId: added.body.id };
    expect((await call(scopeSecretRotateRoute.POST, "POST", "/", { token: tokens.officer, params, body: {} })).status).toBe(403);
    expect((await call(scopeSecretRotateRoute.POST, "POST", "/", { token: tokens.admin, params: { ...params, id: "nope" }, body: {} })).status).toBe(404);

    const res = await call(scopeSecretRotateRoute.POST, "POST", "/", { token: tokens.admin, params, body: { grace_days: 1 } });
    expect(res).toMatchObject({ status: 201, body: { status: "active", retiring: { id: added.body.id, hint: added.body.hint } } });
    const stored = await prisma.secret.findUniqueOrThrow({ where: { id: res.body.id }, select: { hash: true, scopeId: true } });
    expect(stored).toEqual({ hash: hashSecret(res.body.secret), scopeId: scope.body.id });
    expect((await call(scopeSecretRotateRoute.POST, "POST", "/", { token: tokens.admin, params, body: {} })).status).toBe(409);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: scope.body.id, action: "secret.rotated" } });
    expect(event).toMatchObject({ actorType: "client", actorId: adminBot.id });
    expect(JSON.stringify(event)).not.toContain(res.body.secret);
  });
});

describe("GET /oidc/clients pagination", () => {
  it("pages with page_token and with page, over the same order", async () => {
    for (let i = 0; i < 5; i++) await created(tokens.admin);
    const total = await prisma.client.count();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await call(clientsRoute.GET, "GET", `/oidc/clients?page_size=3${token ? `&page_token=${token}` : ""}`, { token: tokens.admin });
      expect(res.status).toBe(200);
      expect(res.body.total_size).toBe(total);
      expect(res.body.clients.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.clients.map((c: { id: string }) => c.id));
      token = res.body.next_page_token;
    } while (token);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);

    const page2 = await call(clientsRoute.GET, "GET", "/oidc/clients?page=2&page_size=3", { token: tokens.admin });
    expect(page2.body.clients.map((c: { id: string }) => c.id)).toEqual(seen.slice(3, 6));
    const bad = await call(clientsRoute.GET, "GET", "/oidc/clients?page_size=0&page_token=%%%", { token: tokens.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(["page_size"]);
    const badToken = await call(clientsRoute.GET, "GET", "/oidc/clients?page_token=bm9wZQ", { token: tokens.admin });
    expect(badToken).toMatchObject({ status: 400, body: { errors: [{ path: "page_token" }] } });
  });
});

describe("/scopes (Administrator)", () => {
  it("creates, reads, updates, lists and deletes a scope; keeps built-in scopes", async () => {
    const create = await call(scopesRoute.POST, "POST", "/scopes", { token: tokens.admin, body: { name: "orders.read", display_name: "Read orders" } });
    expect(create).toMatchObject({ status: 201, body: { name: "orders.read", display_name: "Read orders", enabled: true, built_in: false } });
    const params = { id: create.body.id };
    const bad = await call(scopesRoute.POST, "POST", "/scopes", { token: tokens.admin, body: { name: "two words", display_name: "" } });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["display_name", "name"]);

    const update = await call(scopeRoute.PUT, "PUT", "/", { token: tokens.admin, params, body: { name: "orders.view" } });
    expect(update).toMatchObject({ status: 200, body: { name: "orders.view", display_name: "Read orders" } });
    const list = await call(scopesRoute.GET, "GET", "/scopes", { token: tokens.admin });
    expect(list.body.scopes.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(["openid", "profile", "email", "orders.view"]));

    const openid = await prisma.scope.findUniqueOrThrow({ where: { name: "openid" } });
    const rename = await call(scopeRoute.PUT, "PUT", "/", { token: tokens.admin, params: { id: openid.id }, body: { name: "oidc" } });
    expect(rename).toMatchObject({ status: 400, body: { errors: [{ path: "name", message: '"openid" is built in; its name cannot change.' }] } });
    const del = await call(scopeRoute.DELETE, "DELETE", "/", { token: tokens.admin, params: { id: openid.id } });
    expect(del).toMatchObject({ status: 409, body: { error: "conflict" } });

    // A scope in use by a client cannot be deleted.
    const user = await created(tokens.admin, { scopes: ["orders.view"] });
    expect(user.scopes).toEqual(["orders.view"]);
    expect((await call(scopeRoute.DELETE, "DELETE", "/", { token: tokens.admin, params })).status).toBe(409);
    await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params: { id: user.id }, body: { scopes: [] } });
    expect((await call(scopeRoute.DELETE, "DELETE", "/", { token: tokens.admin, params })).status).toBe(204);
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: create.body.id }, orderBy: { at: "asc" } })).map((e) => [e.action, e.actorType]);
    expect(actions).toEqual([
      ["scope.created", "client"],
      ["scope.updated", "client"],
      ["scope.deleted", "client"],
    ]);
  });

  it("adds and revokes a scope secret", async () => {
    const scope = await call(scopesRoute.POST, "POST", "/scopes", { token: tokens.admin, body: { name: "introspect.me", display_name: "x" } });
    const params = { id: scope.body.id };
    const added = await call(scopeSecretsRoute.POST, "POST", "/", { token: tokens.admin, params, body: { description: "rs" } });
    expect(added).toMatchObject({ status: 201, body: { description: "rs", expiration: null, status: "active" } });
    const stored = await prisma.secret.findUniqueOrThrow({ where: { id: added.body.id }, select: { hash: true, scopeId: true } });
    expect(stored).toEqual({ hash: hashSecret(added.body.secret), scopeId: scope.body.id });
    const revoke = await call(scopeSecretRoute.DELETE, "DELETE", "/", { token: tokens.admin, params: { id: scope.body.id, secretId: added.body.id } });
    expect(revoke.status).toBe(204);
    const read = await call(scopeRoute.GET, "GET", "/", { token: tokens.admin, params });
    expect(read.body.secrets).toEqual([expect.objectContaining({ id: added.body.id, status: "revoked" })]);
    expect(read.text).not.toContain(added.body.secret);
  });
});

describe("GET /openapi.json", () => {
  it("describes every endpoint, the bearer scheme and the bodies, from the zod schemas", async () => {
    const res = await openApiRoute.GET();
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/change-requests",
      "/change-requests/{id}",
      "/change-requests/{id}/secret",
      "/export",
      "/import",
      "/oidc/clients",
      "/oidc/clients/{id}",
      "/oidc/clients/{id}/secrets",
      "/oidc/clients/{id}/secrets/{secretId}",
      "/oidc/clients/{id}/secrets/{secretId}/rotate",
      "/scopes",
      "/scopes/{id}",
      "/scopes/{id}/secrets",
      "/scopes/{id}/secrets/{secretId}",
      "/scopes/{id}/secrets/{secretId}/rotate",
    ]);
    expect(Object.keys(doc.paths["/oidc/clients/{id}"]).sort()).toEqual(["delete", "get", "put"]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const create = doc.components.schemas.ClientCreate;
    expect(create.required).toEqual(["name"]);
    expect(create.properties.token_endpoint_auth_method.enum).toEqual(["client_secret_basic", "client_secret_post", "none"]);
    expect(create.properties.client_id.pattern).toBe("^[A-Za-z0-9._~-]+$");
    expect(doc.paths["/oidc/clients"].post.responses["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/CreatedClient" });
    expect(doc.paths["/oidc/clients"].post.responses["400"]).toBeDefined();
    // A governed client's change is a change request: 202 and ?reason= on every client mutation, not on scopes.
    for (const [path, method] of [
      ["/oidc/clients", "post"],
      ["/oidc/clients/{id}", "put"],
      ["/oidc/clients/{id}", "delete"],
      ["/oidc/clients/{id}/secrets", "post"],
      ["/oidc/clients/{id}/secrets/{secretId}/rotate", "post"],
    ] as const) {
      const op = doc.paths[path][method];
      expect(op.responses["202"].content["application/json"].schema, `${method} ${path}`).toEqual({ $ref: "#/components/schemas/ChangeRequestAccepted" });
      expect(op.parameters.map((p: { name: string }) => p.name)).toContain("reason");
    }
    expect(doc.paths["/scopes/{id}"].put.responses["202"]).toBeUndefined();
    expect(doc.paths["/oidc/clients/{id}/secrets/{secretId}"].delete.responses["202"]).toBeUndefined();
    expect(doc.components.schemas.ChangeRequest.required).toEqual(expect.arrayContaining(["id", "kind", "status", "url"]));
    const rotate = doc.paths["/scopes/{id}/secrets/{secretId}/rotate"].post;
    expect(rotate).toMatchObject({ operationId: "rotateScopeSecret", requestBody: { required: false } });
    expect(Object.keys(rotate.responses).sort()).toEqual(["201", "400", "401", "403", "404", "409"]);
    expect(doc.components.schemas.SecretRotate.properties.grace_days).toMatchObject({ type: "integer", minimum: 1, maximum: 30, default: 7 });
    expect(doc.components.schemas.RotatedSecret.required).toEqual(expect.arrayContaining(["secret", "retiring"]));
    // Every $ref points at a schema that exists.
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas).toHaveProperty(name!);
  });
});

describe("no grant beyond one's own power (ADR 008)", () => {
  it("an Editor API client creates Editor clients but not Owner ones, and cannot widen a client or add a secret to a stronger one", async () => {
    const { token } = await apiClient("editor-bot", "Administrator", null, "Editor");
    const owner = await call(clientsRoute.POST, "POST", "/oidc/clients", { token, body: { name: "minted", client_id: "minted", admin_api_role: "Owner" } });
    expect(owner).toMatchObject({ status: 403, body: { error: "forbidden", message: expect.stringMatching(/would hold Owner access/) } });
    expect(await prisma.client.count({ where: { clientId: "minted" } })).toBe(0);

    const mine = await created(token, { admin_api_role: "Editor" });
    expect(mine).toMatchObject({ admin_api_role: "Editor", profile: "Administrator", profile_context_id: null });
    const widen = await call(clientRoute.PUT, "PUT", "/", { token, params: { id: mine.id }, body: { admin_api_role: "Owner" } });
    expect(widen.status).toBe(403);

    const strong = await created(tokens.admin, { admin_api_role: "Owner" });
    const secret = await call(clientSecretsRoute.POST, "POST", "/", { token, params: { id: strong.id }, body: {} });
    expect(secret).toMatchObject({ status: 403, body: { message: expect.stringMatching(/holds Owner access/) } });
    // Keeping a field's value is not widening: a PUT without admin_api_role leaves it as it is.
    const renamed = await call(clientRoute.PUT, "PUT", "/", { token: tokens.admin, params: { id: strong.id }, body: { name: "Renamed" } });
    expect(renamed.body).toMatchObject({ name: "Renamed", admin_api_role: "Owner" });
  });

  it("a client's admin API power follows its own role at once, not its profile", async () => {
    const { client, token } = await apiClient("demoted-bot", "Administrator", null, "Owner");
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(200);
    await prisma.client.update({ where: { id: client.id }, data: { adminApiRole: null } });
    expect((await call(clientsRoute.GET, "GET", "/oidc/clients", { token })).status).toBe(403);
  });
});
