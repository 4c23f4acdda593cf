// The REST API on a governed client (four-eyes, docs/decisions/030): a mutation becomes a change
// request by the API client (202 Accepted, Location), stored as the portal stores it; the Location
// is read within the caller's reach; an approved request's secret goes to the API client once; an
// API client never approves its own request.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as changeRequestRoute from "@/app/api/v0/change-requests/[id]/route";
import * as changeRequestSecretRoute from "@/app/api/v0/change-requests/[id]/secret/route";
import * as changeRequestsRoute from "@/app/api/v0/change-requests/route";
import * as clientRoute from "@/app/api/v0/oidc/clients/[id]/route";
import * as clientSecretRotateRoute from "@/app/api/v0/oidc/clients/[id]/secrets/[secretId]/rotate/route";
import * as clientSecretsRoute from "@/app/api/v0/oidc/clients/[id]/secrets/route";
import * as clientsRoute from "@/app/api/v0/oidc/clients/route";
import * as importRoute from "@/app/api/v0/import/route";
import { runService } from "@/lib/actions/context";
import { ALL } from "@/lib/auth/reach";
import type { CurrentAdmin } from "@/lib/auth/session";
import { approveChangeRequest } from "@/lib/change-requests/actions";
import { approveChangeRequestRecord } from "@/lib/change-requests/service";
import { issueAccessToken } from "@/lib/oauth/access-token";
import { hashSecret } from "@/lib/secrets/secret";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

const BASE = "http://localhost:3000/api/v0";
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/** Calls a route handler the way Next.js does. */
async function call(handler: unknown, method: string, path: string, options: { token: string; body?: unknown; params?: Record<string, string> }) {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${BASE}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const response = await (handler as Handler)(request, { params: Promise.resolve(options.params ?? {}) as Promise<never> });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

let governedId: string;
let openId: string;
let bot: { id: string; clientId: string; token: string };
let salesBot: { id: string; token: string };
let hrBot: { id: string; token: string };
let owner: CurrentAdmin;
let n = 0;

async function apiClient(clientId: string, profile: { id: string; identifier: string }, profileContextId: number | null, adminApiRole: "Owner" | "Editor") {
  const client = await prisma.client.create({
    data: clientRow(clientId, profile.id, { profileContextId, adminApiRole }),
    select: { id: true, clientId: true },
  });
  const { token } = await issueAccessToken({ clientId, alg: "ES256", scopes: [], profile: profile.identifier, profileContextId });
  return { ...client, token };
}

/** A governed client with one secret. */
async function governedClient(profileContextId: number | null = null) {
  const client = await prisma.client.create({ data: clientRow(`governed-${++n}`, governedId, { profileContextId }), select: { id: true, clientId: true } });
  const secret = await prisma.secret.create({
    data: { clientInternalId: client.id, hash: hashSecret(`s-${n}`), hint: "abcd", createdBy: "test" },
    select: { id: true },
  });
  return { ...client, secretId: secret.id };
}

beforeAll(async () => {
  const governed = await prisma.profile.create({ data: { identifier: "Governed", displayName: "Governed", requireApproval: true } });
  const open = await prisma.profile.create({ data: { identifier: "Administrator", displayName: "Administrator" } });
  governedId = governed.id;
  openId = open.id;
  await prisma.profileContext.createMany({
    data: [
      { id: -2, category: "Department", d0: "Sales" },
      { id: -3, category: "Department", d0: "HR" },
    ],
  });
  bot = await apiClient("owner-bot", open, null, "Owner");
  salesBot = await apiClient("sales-bot", governed, -2, "Editor");
  hrBot = await apiClient("hr-bot", governed, -3, "Editor");
  owner = await createTestAdmin("owner@example.test");
});

beforeEach(() => prisma.profile.update({ where: { id: governedId }, data: { requireApproval: true } }));

describe("a governed client's mutation through the REST API", () => {
  it("answers 202 Accepted with the request's Location, stores it as the portal does (the API client as author) and changes nothing", async () => {
    const client = await governedClient();
    const put = await call(clientRoute.PUT, "PUT", `/oidc/clients/${client.id}?reason=Ticket%2042`, {
      token: bot.token,
      params: { id: client.id },
      body: { name: "Via API" },
    });
    expect(put.status).toBe(202);
    const requestId = put.body.id as string;
    expect(put.headers.get("location")).toBe(`http://localhost:3000/api/v0/change-requests/${requestId}`);
    expect(put.body).toMatchObject({
      kind: "update",
      status: "open",
      client: { id: client.id, client_id: client.clientId },
      reason: "Ticket 42",
      diff: { displayName: { from: client.clientId, to: "Via API" } },
      base_version: 1,
      author: { type: "client", label: "owner-bot" },
      decider: null,
      secret_waiting: false,
      url: `http://localhost:3000/api/v0/change-requests/${requestId}`,
      portal_url: `http://localhost:3000/change-requests/${requestId}`,
      message: expect.stringMatching(/second person's approval/),
    });
    expect(await prisma.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ displayName: client.clientId, version: 1 });
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({
      kind: "update",
      clientInternalId: client.id,
      authorType: "client",
      authorId: bot.id,
      authorLabel: "owner-bot",
      reason: "Ticket 42",
      status: "open",
    });
    const proposed = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: requestId, action: "changeRequest.proposed" } });
    expect(proposed).toMatchObject({ actorType: "client", actorId: bot.id });

    // The Location can be followed.
    const read = await call(changeRequestRoute.GET, "GET", `/change-requests/${requestId}`, { token: bot.token, params: { id: requestId } });
    expect(read.status).toBe(200);
    const { message: _message, ...asStored } = put.body;
    expect(read.body).toEqual(asStored);
  });

  it("makes a request of a delete, a new secret, a rotation and a create, with no secret in any answer", async () => {
    const client = await governedClient();
    const del = await call(clientRoute.DELETE, "DELETE", `/oidc/clients/${client.id}`, { token: bot.token, params: { id: client.id } });
    const secret = await call(clientSecretsRoute.POST, "POST", `/oidc/clients/${client.id}/secrets`, {
      token: bot.token,
      params: { id: client.id },
      body: { description: "ci" },
    });
    const rotate = await call(clientSecretRotateRoute.POST, "POST", `/oidc/clients/${client.id}/secrets/${client.secretId}/rotate`, {
      token: bot.token,
      params: { id: client.id, secretId: client.secretId },
      body: { grace_days: 3 },
    });
    const create = await call(clientsRoute.POST, "POST", "/oidc/clients", {
      token: bot.token,
      body: { client_id: "api-made", name: "Api", profile: "Governed" },
    });
    expect([del, secret, rotate, create].map((r) => [r.status, r.body.kind])).toEqual([
      [202, "delete"],
      [202, "newSecret"],
      [202, "rotate"],
      [202, "create"],
    ]);
    expect(create.body.client).toEqual({ id: null, client_id: "api-made" });
    for (const answer of [secret, rotate, create]) {
      expect(answer.body).not.toHaveProperty("secret");
      expect(answer.body).not.toHaveProperty("client_secret");
    }
    expect(await prisma.client.count({ where: { clientId: "api-made" } })).toBe(0);
    expect(await prisma.client.findUniqueOrThrow({ where: { id: client.id }, include: { _count: { select: { secrets: true } } } })).toMatchObject({
      version: 1,
      _count: { secrets: 1 },
    });
    expect(await prisma.secret.findUniqueOrThrow({ where: { id: client.secretId } })).toMatchObject({ rotatedAt: null });
    expect(await prisma.changeRequest.count({ where: { authorId: bot.id, status: "open", clientLabel: { in: [client.clientId, "api-made"] } } })).toBe(4);
  });

  it("refuses a reason that is too long (400) and stores nothing", async () => {
    const client = await governedClient();
    const answer = await call(clientRoute.DELETE, "DELETE", `/oidc/clients/${client.id}?reason=${"x".repeat(3000)}`, {
      token: bot.token,
      params: { id: client.id },
    });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await prisma.changeRequest.count({ where: { clientInternalId: client.id } })).toBe(0);
  });

  it("changes an ungoverned client at once, as before", async () => {
    const client = await prisma.client.create({ data: clientRow("open-client", openId), select: { id: true } });
    const put = await call(clientRoute.PUT, "PUT", `/oidc/clients/${client.id}`, { token: bot.token, params: { id: client.id }, body: { name: "Direct" } });
    expect(put).toMatchObject({ status: 200, body: { name: "Direct", version: 2 } });
    expect(await prisma.changeRequest.count({ where: { clientInternalId: client.id } })).toBe(0);
  });
});

describe("a request the API client proposed", () => {
  it("can never be approved by that API client, and its approved secret goes to it once", async () => {
    const client = await governedClient();
    const proposed = await call(clientSecretsRoute.POST, "POST", `/oidc/clients/${client.id}/secrets`, {
      token: bot.token,
      params: { id: client.id },
      body: { description: "pipeline" },
    });
    const requestId = proposed.body.id as string;
    const botActor = { type: "client" as const, id: bot.id, label: bot.clientId };
    await expect(runService(botActor, ALL, (ctx) => approveChangeRequestRecord(ctx, requestId, ""))).rejects.toThrow(/someone else must approve/);
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "open" });

    await signInAs(owner);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: true, data: { status: "approved" } });
    const after = await call(changeRequestRoute.GET, "GET", `/change-requests/${requestId}`, { token: bot.token, params: { id: requestId } });
    expect(after.body).toMatchObject({ status: "approved", secret_waiting: true, decider: { type: "admin", label: owner.email } });
    expect(after.text).not.toMatch(/"secret":/);

    // Another API client (even an Owner one) gets nothing; the author gets it once.
    const other = await apiClient(`other-owner-bot-${++n}`, { id: openId, identifier: "Administrator" }, null, "Owner");
    expect(
      (await call(changeRequestSecretRoute.POST, "POST", `/change-requests/${requestId}/secret`, { token: other.token, params: { id: requestId } })).status,
    ).toBe(404);
    const revealed = await call(changeRequestSecretRoute.POST, "POST", `/change-requests/${requestId}/secret`, { token: bot.token, params: { id: requestId } });
    expect(revealed).toMatchObject({ status: 200, body: { client_id: client.clientId, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } });
    const hashes = (await prisma.secret.findMany({ where: { clientInternalId: client.id }, select: { hash: true } })).map((s) => s.hash);
    expect(hashes).toContain(hashSecret(revealed.body.secret));
    const again = await call(changeRequestSecretRoute.POST, "POST", `/change-requests/${requestId}/secret`, { token: bot.token, params: { id: requestId } });
    expect(again).toMatchObject({ status: 404, body: { message: expect.stringMatching(/never shown again/) } });
  });
});

describe("reading requests", () => {
  it("shows a context-bound API client its own context's requests only (404 for another's), and lists by status", async () => {
    const sales = await governedClient(-2);
    const hr = await governedClient(-3);
    const salesRequest = await call(clientRoute.DELETE, "DELETE", `/oidc/clients/${sales.id}`, { token: salesBot.token, params: { id: sales.id } });
    const hrRequest = await call(clientRoute.DELETE, "DELETE", `/oidc/clients/${hr.id}`, { token: hrBot.token, params: { id: hr.id } });
    expect([salesRequest.status, hrRequest.status]).toEqual([202, 202]);

    const foreign = await call(changeRequestRoute.GET, "GET", `/change-requests/${hrRequest.body.id}`, {
      token: salesBot.token,
      params: { id: hrRequest.body.id },
    });
    expect(foreign).toMatchObject({ status: 404, body: { error: "not_found" } });
    const missing = await call(changeRequestRoute.GET, "GET", "/change-requests/nope", { token: bot.token, params: { id: "nope" } });
    expect(missing.status).toBe(404);

    const list = await call(changeRequestsRoute.GET, "GET", "/change-requests?status=open", { token: salesBot.token });
    expect(list.status).toBe(200);
    const ids = list.body.change_requests.map((r: { id: string }) => r.id);
    expect(ids).toContain(salesRequest.body.id);
    expect(ids).not.toContain(hrRequest.body.id);
    expect(list.body.change_requests.every((r: { profile_context_id: number }) => r.profile_context_id === -2)).toBe(true);
    expect((await call(changeRequestsRoute.GET, "GET", "/change-requests?status=approved", { token: salesBot.token })).body.change_requests).toEqual([]);
    expect((await call(changeRequestsRoute.GET, "GET", "/change-requests?status=maybe", { token: salesBot.token })).status).toBe(400);
  });
});

describe("the importer", () => {
  it("cannot propose: a governed client's create or change is a problem of the plan (dry run too), and nothing is imported", async () => {
    const client = await governedClient();
    const document = JSON.stringify({
      format: "oidc-admin-portal",
      version: 1,
      clients: [
        {
          client_id: client.clientId,
          display_name: "Imported name",
          flow: "ClientCredentials",
          token_endpoint_auth_method: "client_secret_basic",
          profile: "Governed",
        },
        { client_id: "imported-new", display_name: "New", flow: "ClientCredentials", token_endpoint_auth_method: "client_secret_basic", profile: "Governed" },
        {
          client_id: "imported-open",
          display_name: "Open",
          flow: "ClientCredentials",
          token_endpoint_auth_method: "client_secret_basic",
          profile: "Administrator",
        },
      ],
    });
    const post = (query: string) =>
      (importRoute.POST as unknown as Handler)(
        new Request(`${BASE}/import${query}`, {
          method: "POST",
          headers: { authorization: `Bearer ${bot.token}`, "content-type": "application/json" },
          body: document,
        }),
        { params: Promise.resolve({}) as Promise<never> },
      );
    for (const query of ["?dry_run=true", ""]) {
      const answer = await post(query);
      expect(answer.status).toBe(400);
      const body = await answer.json();
      const governedProblems = body.errors.filter((e: { message: string }) => /second person's approval/.test(e.message));
      expect(governedProblems.map((e: { path: string }) => e.path)).toEqual(["clients[0]", "clients[1]"]);
      expect(governedProblems[0].message).toMatch(new RegExp(`leave client ${client.clientId} out of the document`));
    }
    expect(await prisma.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ displayName: client.clientId, version: 1 });
    expect(await prisma.client.count({ where: { clientId: { in: ["imported-new", "imported-open"] } } })).toBe(0);
    expect(await prisma.changeRequest.count({ where: { clientLabel: { in: [client.clientId, "imported-new"] } } })).toBe(0);
  });
});
