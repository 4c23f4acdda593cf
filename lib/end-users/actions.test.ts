import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runService } from "@/lib/actions/context";
import { ForbiddenError } from "@/lib/actions/result";
import { actorOf } from "@/lib/audit/audit";
import { ALL } from "@/lib/auth/reach";
import type { CurrentAdmin } from "@/lib/auth/session";
import { databaseChangeEpoch } from "@/lib/db/change-epoch";
import { createProtocolServer } from "@/lib/oauth/protocol-server";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { createOAuthClient, createProfile, createScope } from "@/lib/testing/oauth";
import { authorizationRequest } from "@/lib/testing/relying-party";
import { startUpstream, testBrowser } from "@/lib/testing/upstream";
import { revokeEndUserGrants, signOutEndUserEverywhere } from "./actions";
import { endUserExists, getEndUser, listEndUsers } from "./queries";
import { endUserListQuerySchema } from "./schema";
import { signOutEverywhereRecord } from "./service";

// The end-users section's two actions, through the one pipeline, against the real database: first
// with a real sign-in through the engine (openid-client as the app, a small upstream provider), so the
// refusals afterwards are the engine's own; then the reach rules with rows written directly.

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));

process.env.PORTAL_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.ALLOW_PRIVATE_PROVIDER_HOSTS = "true";

const REDIRECT = "http://127.0.0.1:9/callback"; // never fetched: the browser stops there
const SECRET = "web-app-secret-0123456789";
const CONTEXT = -221;
const OTHER_CONTEXT = -222;

let portal = "";
let server: http.Server;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let profileId = "";
const scopeIds: string[] = [];
let owner: CurrentAdmin;
let auditor: CurrentAdmin;
let contextEditor: CurrentAdmin;

beforeAll(async () => {
  upstream = await startUpstream();
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const protocol = createProtocolServer({
    env: { ...process.env, PORTAL_URL: portal, RATE_LIMIT_TOKEN_PER_ADDRESS: "0", RATE_LIMIT_TOKEN_PER_CLIENT: "0" },
    epoch: databaseChangeEpoch(),
  });
  server.on("request", (req, res) => {
    if (!protocol.handle(req, res, protocol.address(req))) res.writeHead(404).end("not a protocol path");
  });
  profileId = (await createProfile("EndUserAdmin")).id;
  await prisma.profileContext.createMany({
    data: [
      { id: CONTEXT, category: "Shop", d0: "Mine" },
      { id: OTHER_CONTEXT, category: "Shop", d0: "Theirs" },
    ],
  });
  for (const name of ["openid", "profile", "email"]) {
    const existing = await prisma.scope.findUnique({ where: { name } });
    scopeIds.push(existing?.id ?? (await createScope(name)).id);
  }
  await upstream.provider("corp");
  owner = await createTestAdmin("eu-owner@example.test", { role: "Owner" });
  auditor = await createTestAdmin("eu-auditor@example.test", { role: "Auditor" });
  contextEditor = await createTestAdmin("eu-context@example.test", {
    role: "Editor",
    reach: { kind: "context", profileId, profileContextId: CONTEXT },
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await upstream.close();
});

beforeEach(async () => {
  await signInAs(owner);
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.data;
}

let n = 0;

/** A confidential web-app client of the portal, in `context` when given. */
async function webApp(context: number | null = null) {
  const clientId = `eu-web-${++n}-${randomBytes(3).toString("hex")}`;
  const client = await createOAuthClient({
    clientId,
    profileId,
    profileContextId: context,
    flow: "AuthorizationCode",
    alg: "ES256",
    scopeIds,
    secrets: [{ value: SECRET }],
  });
  await prisma.client.update({ where: { id: client.id }, data: { redirectUris: [REDIRECT], displayName: `Shop ${n}` } });
  const config = await oidc.discovery(new URL(portal), clientId, SECRET, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
  return { id: client.id, clientId, config };
}

const authorizationUrl = (config: oidc.Configuration) =>
  authorizationRequest(config, { redirect_uri: REDIRECT, scope: "openid email offline_access", prompt: "consent" });

/** What one authorization request shows first: the provider choice (signed out), consent, or straight back. */
async function firstStop(browser: ReturnType<typeof testBrowser>, config: oidc.Configuration) {
  const request = await authorizationUrl(config);
  const page = await browser.go(request.url.href, { stopAt: REDIRECT });
  if (page.url.href.startsWith(REDIRECT)) return "back" as const;
  if (page.body.includes("asks for access")) return "consent" as const;
  if (page.body.includes("Sign in to")) return "sign-in" as const;
  throw new Error(`unexpected page: ${page.body.slice(0, 200)}`);
}

/** A person signs in through the Passive provider `corp`, consents, and the app gets its tokens. */
async function signIn(browser: ReturnType<typeof testBrowser>, config: oidc.Configuration) {
  const request = await authorizationUrl(config);
  let page = await browser.go(request.url.href, { stopAt: REDIRECT });
  const link = /href="(\/interaction\/[^"]+\/provider\/corp)"/.exec(page.body)?.[1];
  if (link) page = await browser.go(new URL(link.replaceAll("&amp;", "&"), portal).href, { stopAt: REDIRECT });
  if (!page.url.href.startsWith(REDIRECT)) {
    const consent = /action="(\/interaction\/[^"]+\/consent)"/.exec(page.body)![1]!;
    page = await browser.go(new URL(consent, portal).href, { stopAt: REDIRECT, form: { allow: "yes" } });
  }
  expect(page.url.href.startsWith(REDIRECT)).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(config, page.url, request.checks);
  expect(tokens.refresh_token).toBeTruthy();
  return { tokens, sub: tokens.claims()!.sub };
}

describe("with a real sign-in through the engine", () => {
  it("revoking a client's grants: its refresh token and access token are refused, the next sign-in asks consent again, audited", async () => {
    const email = `revoke${++n}@example.test`;
    upstream.state.person = { sub: `revoke-${n}`, email, email_verified: true, name: "Robin Revoke" };
    const app = await webApp();
    const other = await webApp();
    const browser = testBrowser();
    const { tokens, sub } = await signIn(browser, app.config);
    const kept = await signIn(browser, other.config);
    expect(kept.sub).toBe(sub);
    expect(await firstStop(browser, app.config)).toBe("consent"); // prompt=consent asks anyway: the session works
    const before = await getEndUser(sub, ALL);
    expect(before!.grants.map((g) => g.client.clientId).sort()).toEqual([app.clientId, other.clientId].sort());

    expect(ok(await revokeEndUserGrants({ id: sub, clientId: app.clientId }))).toMatchObject({ grants: 1 });

    await expect(oidc.refreshTokenGrant(app.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(oidc.fetchUserInfo(app.config, tokens.access_token, sub)).rejects.toMatchObject({ status: 401 });
    // The other client's grant and tokens are untouched.
    expect((await oidc.fetchUserInfo(other.config, kept.tokens.access_token, sub)).sub).toBe(sub);
    expect((await oidc.refreshTokenGrant(other.config, kept.tokens.refresh_token!)).access_token).toBeTruthy();
    // Still signed in at the portal, but this client must ask for consent again (without prompt=consent too).
    const plain = await authorizationRequest(app.config, { redirect_uri: REDIRECT, scope: "openid email" });
    expect((await browser.go(plain.url.href, { stopAt: REDIRECT })).body).toContain("asks for access");

    const after = await getEndUser(sub, ALL);
    expect(after!.grants.map((g) => g.client.clientId)).toEqual([other.clientId]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "endUser.grantsRevoked", targetId: sub } });
    expect(event).toMatchObject({ targetType: "endUser", targetLabel: email, actorLabel: owner.email });
    expect(event.changes).toMatchObject({ client: app.clientId, clientName: (await prisma.client.findUniqueOrThrow({ where: { id: app.id } })).displayName });
    // Nothing of the revoked grant is left in the engine's storage.
    expect(await prisma.oidcRecord.count({ where: { accountId: sub, clientId: app.clientId, kind: { in: ["Grant", "AccessToken", "RefreshToken"] } } })).toBe(
      0,
    );
  });

  it("signing out everywhere: every token is refused, the next authorization needs a sign-in, consents remain, audited", async () => {
    const email = `everywhere${++n}@example.test`;
    upstream.state.person = { sub: `everywhere-${n}`, email, email_verified: true, name: "Sam Everywhere" };
    const app = await webApp();
    const other = await webApp();
    const browser = testBrowser();
    const first = await signIn(browser, app.config);
    const second = await signIn(browser, other.config);
    const sub = first.sub;

    const done = ok(await signOutEndUserEverywhere({ id: sub }));
    expect(done.sessionsEnded).toBeGreaterThanOrEqual(1);

    for (const [config, { tokens }] of [
      [app.config, first],
      [other.config, second],
    ] as const) {
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
      await expect(oidc.fetchUserInfo(config, tokens.access_token, sub)).rejects.toMatchObject({ status: 401 });
    }
    // The browser's session is over: the provider choice again.
    expect(await firstStop(browser, app.config)).toBe("sign-in");
    const user = await prisma.endUser.findUniqueOrThrow({ where: { id: sub } });
    expect(user.signedOutAt).not.toBeNull();
    // Consents remain: both grants are still there.
    expect(await prisma.oidcRecord.count({ where: { kind: "Grant", accountId: sub } })).toBe(2);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "endUser.signedOutEverywhere", targetId: sub } });
    expect(event).toMatchObject({ targetType: "endUser", targetLabel: email });
    expect(event.changes).toMatchObject({ sessionsEnded: done.sessionsEnded, tokensRevoked: done.tokensRevoked });
  });
});

/** A person with a grant (and its tokens) to each client, written as the engine writes them. */
async function personWithGrants(clientIds: string[], email = `p${++n}@example.test`) {
  const id = `sub-${++n}-${randomBytes(4).toString("hex")}`;
  await prisma.endUser.create({ data: { id, issuer: "https://idp.example", subject: id, providerName: "corp", email } });
  await prisma.oidcRecord.create({ data: { kind: "Session", id: `s-${id}`, accountId: id, payload: { accountId: id } } });
  for (const clientId of clientIds) {
    const grantId = `g-${id}-${clientId}`;
    const payload = { accountId: id, clientId, openid: { scope: "openid email" }, iat: Math.floor(Date.now() / 1000) };
    await prisma.oidcRecord.create({ data: { kind: "Grant", id: grantId, accountId: id, clientId, payload } });
    for (const kind of ["AccessToken", "RefreshToken"]) {
      await prisma.oidcRecord.create({ data: { kind, id: `${kind}-${grantId}`, grantId, accountId: id, clientId, payload: { grantId } } });
    }
  }
  return id;
}

describe("who may do what", () => {
  it("a context-bound Editor sees and revokes only their context's clients' grants, and cannot sign anyone out everywhere", async () => {
    const mine = await webApp(CONTEXT);
    const theirs = await webApp(OTHER_CONTEXT);
    const both = await personWithGrants([mine.clientId, theirs.clientId], `both${n}@example.test`);
    const onlyTheirs = await personWithGrants([theirs.clientId], `theirs${n}@example.test`);

    const query = endUserListQuerySchema.parse({});
    const seen = await listEndUsers(query, contextEditor.reach);
    expect(seen.rows.map((r) => r.id)).toContain(both);
    expect(seen.rows.map((r) => r.id)).not.toContain(onlyTheirs);
    expect(seen.rows.find((r) => r.id === both)!.clients.map((c) => c.clientId)).toEqual([mine.clientId]);
    expect(await endUserExists(onlyTheirs, contextEditor.reach)).toBe(false);
    expect((await getEndUser(both, contextEditor.reach))!.grants.map((g) => g.client.clientId)).toEqual([mine.clientId]);
    expect((await getEndUser(both, contextEditor.reach))!.sessions).toBeNull();
    expect((await listEndUsers(query, ALL)).rows.map((r) => r.id)).toContain(onlyTheirs);

    await signInAs(contextEditor);
    const refused = await revokeEndUserGrants({ id: both, clientId: theirs.clientId });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("not within your scope") });
    expect(await prisma.oidcRecord.count({ where: { accountId: both, clientId: theirs.clientId } })).toBe(3);
    expect(await signOutEndUserEverywhere({ id: both })).toMatchObject({ ok: false, code: "forbidden", message: expect.stringContaining("profile context") });

    ok(await revokeEndUserGrants({ id: both, clientId: mine.clientId }));
    expect(await prisma.oidcRecord.count({ where: { accountId: both, clientId: mine.clientId } })).toBe(0);
    expect(await prisma.oidcRecord.count({ where: { accountId: both, clientId: theirs.clientId } })).toBe(3);
    expect(await prisma.oidcRecord.count({ where: { accountId: both, kind: "Session" } })).toBe(1);
  });

  it("an Auditor reads and changes nothing", async () => {
    const app = await webApp();
    const person = await personWithGrants([app.clientId]);
    await signInAs(auditor);
    expect((await listEndUsers(endUserListQuerySchema.parse({ q: "example.test" }), auditor.reach)).rows.map((r) => r.id)).toContain(person);
    expect(await revokeEndUserGrants({ id: person, clientId: app.clientId })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await signOutEndUserEverywhere({ id: person })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.oidcRecord.count({ where: { accountId: person } })).toBe(4);
  });

  it("the service checks the actor's power in its transaction, whatever the caller believed", async () => {
    const app = await webApp(CONTEXT);
    const person = await personWithGrants([app.clientId]);
    // As if the wrapper had let a context-bound Editor through with everything in reach.
    await expect(runService(actorOf(contextEditor), ALL, (ctx) => signOutEverywhereRecord(ctx, person))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await prisma.oidcRecord.count({ where: { accountId: person } })).toBe(4);
  });

  it("refuses a grant that is not there, and an unknown person, without a change", async () => {
    const app = await webApp();
    const person = await personWithGrants([]);
    expect(await revokeEndUserGrants({ id: person, clientId: app.clientId })).toMatchObject({ ok: false, message: expect.stringContaining("no grant") });
    expect(await signOutEndUserEverywhere({ id: "nobody" })).toMatchObject({ ok: false, message: expect.stringContaining("not known") });
    expect(await revokeEndUserGrants({ id: "", clientId: "" })).toMatchObject({
      ok: false,
      fieldErrors: { id: expect.any(Array), clientId: expect.any(Array) },
    });
    expect(await prisma.auditEvent.count({ where: { targetId: { in: [person, "nobody"] } } })).toBe(0);
  });
});

describe("the list", () => {
  it("searches email, name, username and provider, case aside", async () => {
    const app = await webApp();
    const person = await personWithGrants([app.clientId], `Quinn.Search${n}@Example.test`);
    await prisma.endUser.update({ where: { id: person }, data: { name: "Quinn Searchable", username: "qsearch" } });
    const query = (q: string) => endUserListQuerySchema.parse({ q });
    for (const q of ["quinn.search", "SEARCHABLE", "qsearch"]) expect((await listEndUsers(query(q), ALL)).rows.map((r) => r.id)).toEqual([person]);
    expect((await listEndUsers(query("no-such-person-anywhere"), ALL)).rows).toEqual([]);
    const row = (await listEndUsers(query("qsearch"), ALL)).rows[0]!;
    expect(row.clients).toEqual([{ clientId: app.clientId, id: app.id, displayName: expect.stringMatching(/^Shop /) }]);
  });
});
