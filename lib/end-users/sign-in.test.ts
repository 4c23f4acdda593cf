import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/testing/db";
import { tokenUsage } from "@/lib/oauth/token-usage";
import { createOAuthClient, createProfile, createScope } from "@/lib/testing/oauth";
import { authorizationRequest } from "@/lib/testing/relying-party";
import { startProtocolPortal, startUpstream, testBrowser } from "@/lib/testing/upstream";

// The portal as the OpenID provider of its clients, over real HTTP, with openid-client as the relying
// party: an end user signs in through an identity provider the portal configures (a small upstream
// OpenID provider of the test's own), consents, and the client gets tokens it can use.

process.env.PORTAL_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.ALLOW_PRIVATE_PROVIDER_HOSTS = "true";

const REDIRECT = "http://127.0.0.1:9/callback"; // never fetched: the browser stops there
const SECRET = "web-app-secret-0123456789";

let portal = "";
let stopPortal: () => Promise<void>;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let profileId = "";
const scopeIds: Record<string, string> = {};

beforeAll(async () => {
  upstream = await startUpstream();
  ({ url: portal, close: stopPortal } = await startProtocolPortal());
  profileId = (await createProfile("EndUserApps")).id;
  for (const name of ["openid", "profile", "email", "orders.read"]) {
    const existing = await prisma.scope.findUnique({ where: { name } });
    scopeIds[name] = existing?.id ?? (await createScope(name)).id;
  }
});

afterAll(async () => {
  await stopPortal();
  await upstream.close();
});

let n = 0;
beforeEach(async () => {
  await prisma.identityProvider.deleteMany();
});

/** A web-app client of the portal: confidential (client_secret_basic) unless `method` is none. */
async function webApp({ method = "client_secret_basic", alg = "ES256" as "ES256" | "RS256", scopes = ["openid", "profile", "email"], enabled = true } = {}) {
  const clientId = `web-${++n}-${randomBytes(3).toString("hex")}`;
  const client = await createOAuthClient({
    clientId,
    profileId,
    flow: "AuthorizationCode",
    method,
    alg,
    enabled,
    scopeIds: scopes.map((s) => scopeIds[s]!),
    secrets: method === "none" ? [] : [{ value: SECRET }],
  });
  await prisma.client.update({ where: { id: client.id }, data: { redirectUris: [REDIRECT], postLogoutRedirectUris: [`${REDIRECT}/out`] } });
  const config = await oidc.discovery(
    new URL(portal),
    clientId,
    method === "none" ? undefined : SECRET,
    method === "none" ? oidc.None() : oidc.ClientSecretBasic(SECRET),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
  return { clientId, config };
}

const authorizationUrl = (config: oidc.Configuration, extra: Record<string, string> = {}) => authorizationRequest(config, { redirect_uri: REDIRECT, ...extra });

/** Signs in through the Passive provider `corp` and consents: the browser ends at the client's redirect URI. */
async function signIn(browser: ReturnType<typeof testBrowser>, url: URL) {
  const first = await browser.go(url.href, { stopAt: REDIRECT });
  expect(first.response.status).toBe(200);
  expect(first.body).toContain("Sign in to");
  const link = /href="(\/interaction\/[^"]+\/provider\/corp)"/.exec(first.body)?.[1];
  expect(link).toBeTruthy();
  const afterProvider = await browser.go(new URL(link!.replaceAll("&amp;", "&"), portal).href, { stopAt: REDIRECT });
  if (afterProvider.url.href.startsWith(REDIRECT)) return afterProvider.url;
  expect(afterProvider.body).toContain("asks for access");
  const consent = /action="(\/interaction\/[^"]+\/consent)"/.exec(afterProvider.body)![1]!;
  const done = await browser.go(new URL(consent, portal).href, { stopAt: REDIRECT, form: { allow: "yes" } });
  expect(done.url.href.startsWith(REDIRECT)).toBe(true);
  return done.url;
}

/** A sign-in in a new browser (signIn), and its code exchanged for tokens with PKCE, nonce and state checked. */
async function signInForTokens(config: oidc.Configuration, extra: Record<string, string> = {}) {
  const browser = testBrowser();
  const request = await authorizationUrl(config, extra);
  const back = await signIn(browser, request.url);
  const tokens = await oidc.authorizationCodeGrant(config, back, request.checks);
  return { browser, request, tokens };
}

describe("authorization code with PKCE, through a Passive identity provider", () => {
  it("signs an end user in: ID token in the client's algorithm, UserInfo, consent remembered", async () => {
    await upstream.provider("corp");
    upstream.state.person = { sub: "upstream-42", email: "pat@example.test", email_verified: true, name: "Pat Doe", amr: ["pwd", "otp"] };
    const { clientId, config } = await webApp({ alg: "ES256" });
    const { browser, request, tokens } = await signInForTokens(config);
    const header = decodeProtectedHeader(tokens.id_token!);
    expect(header.alg).toBe("ES256");
    const jwks = createRemoteJWKSet(new URL(`${portal}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, { issuer: portal, audience: clientId });
    const user = await prisma.endUser.findUniqueOrThrow({ where: { issuer_subject: { issuer: upstream.state.url, subject: "upstream-42" } } });
    expect(payload).toMatchObject({ sub: user.id, nonce: request.checks.expectedNonce, email: "pat@example.test", email_verified: true, name: "Pat Doe" });
    expect(payload.sub).not.toBe("upstream-42"); // the portal's own subject, not the provider's
    expect(typeof payload.auth_time).toBe("number");
    expect(payload.amr).toEqual(["pwd", "otp"]); // as the identity provider said it

    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(info).toMatchObject({ sub: user.id, email: "pat@example.test" });

    // The code exchange authenticated the client with its secret: its use is recorded (batched).
    await tokenUsage.flush();
    const secret = await prisma.secret.findFirstOrThrow({ where: { client: { clientId } }, select: { id: true, lastUsedAt: true } });
    expect(secret.lastUsedAt).not.toBeNull();
    expect(await prisma.secretUsageDay.count({ where: { secretId: secret.id } })).toBe(1);

    // A second sign-in of the same person to the same client: the session and the consent are remembered.
    const again = await authorizationUrl(config);
    const second = await browser.go(again.url.href, { stopAt: REDIRECT });
    expect(second.url.href.startsWith(REDIRECT)).toBe(true);
    expect(upstream.state.authorizations).toBeGreaterThan(0);
  });

  it("rotates refresh tokens, and a reused one revokes the family", async () => {
    await upstream.provider("corp");
    const { config } = await webApp({ method: "none", alg: "RS256" });
    const { tokens } = await signInForTokens(config, { scope: "openid offline_access", prompt: "consent" });
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe("RS256");
    expect(tokens.refresh_token).toBeTruthy();

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // The reuse revoked what the family issued: the newest refresh token is dead too.
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("introspects and revokes an access token (RFC 7662, RFC 7009): inactive and refused by UserInfo afterwards", async () => {
    await upstream.provider("corp");
    const { config, clientId } = await webApp();
    const { tokens } = await signInForTokens(config);
    const sub = tokens.claims()!.sub;
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({
      active: true,
      client_id: clientId,
      sub,
      scope: "openid profile email",
      iss: portal,
      token_type: "Bearer",
    });
    // Another client learns nothing about it.
    const other = await webApp();
    expect(await oidc.tokenIntrospection(other.config, tokens.access_token)).toEqual({ active: false });

    await oidc.tokenRevocation(config, tokens.access_token);
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
    await expect(oidc.fetchUserInfo(config, tokens.access_token, sub)).rejects.toMatchObject({ status: 401 });
  });
});

describe("a second, stricter relying party", () => {
  it("oauth4webapi completes the same flow with its own strict checks", async () => {
    await upstream.provider("corp");
    const { clientId } = await webApp({ alg: "RS256" });
    const issuer = new URL(portal);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true }));
    const client: oauth.Client = { client_id: clientId, id_token_signed_response_alg: "RS256" };
    const auth = oauth.ClientSecretBasic(SECRET);
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "openid email",
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      nonce,
      state,
    }).toString();
    const back = await signIn(testBrowser(), url);

    const params = oauth.validateAuthResponse(as, client, back, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT, verifier, { [oauth.allowInsecureRequests]: true });
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims).toMatchObject({ iss: portal, aud: clientId, nonce });
    // And its signature, against the portal's published keys.
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    await jwtVerify(tokens.id_token!, jwks, { issuer: portal, audience: clientId, algorithms: ["RS256"] });
    const info = await oauth.processUserInfoResponse(
      as,
      client,
      claims.sub,
      await oauth.userInfoRequest(as, client, tokens.access_token, { [oauth.allowInsecureRequests]: true }),
    );
    expect(info.email).toBe("pat@example.test");
  });
});

describe("consent", () => {
  it("a first-party client does not ask for it; another client does", async () => {
    await upstream.provider("corp");
    const firstParty = await webApp();
    await prisma.client.update({ where: { clientId: firstParty.clientId }, data: { firstParty: true } });
    const browser = testBrowser();
    const request = await authorizationUrl(firstParty.config);
    const page = await browser.go(request.url.href, { stopAt: REDIRECT });
    const link = /href="(\/interaction\/[^"]+\/provider\/corp)"/.exec(page.body)![1]!;
    const back = await browser.go(new URL(link, portal).href, { stopAt: REDIRECT });
    expect(back.url.href.startsWith(REDIRECT)).toBe(true); // straight back: no consent page
    const tokens = await oidc.authorizationCodeGrant(firstParty.config, back.url, request.checks);
    expect(tokens.claims()).toMatchObject({ email: "pat@example.test" });

    // The same person, already signed in, and a client that is not first-party: consent is asked.
    const other = await webApp();
    const asked = await browser.go((await authorizationUrl(other.config)).url.href, { stopAt: REDIRECT });
    expect(asked.body).toContain("asks for access");
  });

  it("a first-party client's grant is written when it is new or widens, not at every sign-in", async () => {
    await upstream.provider("corp");
    const app = await webApp();
    await prisma.client.update({ where: { clientId: app.clientId }, data: { firstParty: true } });
    const browser = testBrowser();
    const grantScope = async () => {
      const rows = await prisma.oidcRecord.findMany({ where: { kind: "Grant", clientId: app.clientId } });
      expect(rows).toHaveLength(1);
      return { scope: (rows[0]!.payload as { openid?: { scope?: string } }).openid?.scope, row: rows[0]! };
    };
    const narrow = await authorizationUrl(app.config, { scope: "openid email" });
    const page = await browser.go(narrow.url.href, { stopAt: REDIRECT });
    const link = /href="(\/interaction\/[^"]+\/provider\/corp)"/.exec(page.body)![1]!;
    expect((await browser.go(new URL(link, portal).href, { stopAt: REDIRECT })).url.href.startsWith(REDIRECT)).toBe(true);
    expect((await grantScope()).scope).toBe("openid email");

    // Signed in already, the same scopes again: the grant as it was (its row untouched).
    const first = (await grantScope()).row;
    await prisma.oidcRecord.update({ where: { kind_id: { kind: "Grant", id: first.id } }, data: { uid: "marker" } });
    const again = await browser.go((await authorizationUrl(app.config, { scope: "openid email" })).url.href, { stopAt: REDIRECT });
    expect(again.url.href.startsWith(REDIRECT)).toBe(true);
    expect((await grantScope()).row.uid).toBe("marker");

    // Wider: written, with the new scope.
    const wider = await browser.go((await authorizationUrl(app.config, { scope: "openid email profile" })).url.href, { stopAt: REDIRECT });
    expect(wider.url.href.startsWith(REDIRECT)).toBe(true);
    const widened = await grantScope();
    expect(widened.scope?.split(" ").sort()).toEqual(["email", "openid", "profile"]);
    expect(widened.row.uid).not.toBe("marker");
  });
});

describe("the Active provider", () => {
  it("is used at once: no choice page", async () => {
    await upstream.provider("corp-active", { authenticationMode: "Active" });
    await upstream.provider("corp");
    const { config } = await webApp();
    const browser = testBrowser();
    const request = await authorizationUrl(config);
    const before = upstream.state.authorizations;
    const first = await browser.go(request.url.href, { stopAt: REDIRECT });
    expect(upstream.state.authorizations).toBe(before + 1);
    expect(first.body).toContain("asks for access"); // straight to consent
  });
});

describe("refusals", () => {
  it("an unknown client gets an error page, never a redirect", async () => {
    const { config } = await webApp();
    const { url } = await authorizationUrl(config);
    url.searchParams.set("client_id", "nobody");
    const answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
    expect(await answer.text()).toContain("This application is not known");
  });

  it("a redirect URI the client has not registered gets an error page, never a redirect", async () => {
    const { config } = await webApp();
    const { url } = await authorizationUrl(config);
    url.searchParams.set("redirect_uri", "https://attacker.example/callback");
    const answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
  });

  it("a public client without PKCE is sent back with invalid_request", async () => {
    const { config } = await webApp({ method: "none" });
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: "openid", state: "s1" });
    const answer = await fetch(url, { redirect: "manual" });
    const location = new URL(answer.headers.get("location")!);
    expect(location.href.startsWith(REDIRECT)).toBe(true);
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });

  it("a scope the client may not ask for is invalid_scope", async () => {
    const { config } = await webApp();
    const { url } = await authorizationUrl(config, { scope: "openid orders.read" });
    const location = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
  });

  it("prompt=none without a session is login_required", async () => {
    const { config } = await webApp();
    const { url } = await authorizationUrl(config, { prompt: "none" });
    const location = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("login_required");
  });

  it("a client authenticates with its registered method only, as at the client_credentials path (ADR 004)", async () => {
    await upstream.provider("corp");
    const { clientId } = await webApp(); // registered for client_secret_basic
    const asPost = await oidc.discovery(new URL(portal), clientId, SECRET, oidc.ClientSecretPost(SECRET), { execute: [oidc.allowInsecureRequests] });
    const browser = testBrowser();
    const request = await authorizationUrl(asPost);
    const back = await signIn(browser, request.url);
    const checks = request.checks;
    await expect(oidc.authorizationCodeGrant(asPost, back, checks)).rejects.toMatchObject({ status: 401 });
    await expect(oidc.tokenRevocation(asPost, "any-token")).rejects.toMatchObject({ status: 401 });
  });

  it("an expired code is invalid_grant", async () => {
    await upstream.provider("corp");
    const { config } = await webApp();
    const request = await authorizationUrl(config);
    const back = await signIn(testBrowser(), request.url);
    // The code's 60 seconds have passed (its record's expiry, as the engine's storage keeps it).
    await prisma.oidcRecord.updateMany({ where: { kind: "AuthorizationCode" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(oidc.authorizationCodeGrant(config, back, request.checks)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("a disabled client cannot start a sign-in", async () => {
    const { config, clientId } = await webApp();
    await prisma.client.update({ where: { clientId }, data: { enabled: false } });
    const { url } = await authorizationUrl(config);
    const answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
  });

  it("a wrong PKCE verifier, and a code used twice, are invalid_grant", async () => {
    await upstream.provider("corp");
    const { config } = await webApp();
    const browser = testBrowser();
    const request = await authorizationUrl(config);
    const back = await signIn(browser, request.url);
    await expect(
      oidc.authorizationCodeGrant(config, back, {
        ...request.checks,
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });

    const second = await authorizationUrl(config);
    const back2 = (await browser.go(second.url.href, { stopAt: REDIRECT })).url;
    const checks = second.checks;
    const tokens = await oidc.authorizationCodeGrant(config, back2, checks);
    await expect(oidc.authorizationCodeGrant(config, back2, checks)).rejects.toMatchObject({ error: "invalid_grant" });
    // The reused code revoked what it had issued.
    await expect(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).rejects.toMatchObject({ status: 401 });
  });

  it("a disabled provider's button says so and offers the others", async () => {
    await upstream.provider("corp");
    const { config } = await webApp();
    const browser = testBrowser();
    const { url } = await authorizationUrl(config);
    const page = await browser.go(url.href, { stopAt: REDIRECT });
    const link = /href="(\/interaction\/[^"]+\/provider\/corp)"/.exec(page.body)![1]!;
    await prisma.identityProvider.update({ where: { providerName: "corp" }, data: { isEnabled: false } });
    const refused = await browser.go(new URL(link, portal).href, { stopAt: REDIRECT });
    expect(refused.response.status).toBe(200);
    expect(refused.body).toContain("did not work");
    expect(refused.body).toContain("not available any more");
  });
});

describe("rate limits", () => {
  /** A second protocol portal with `settings`, for `run`; the first one's address is restored afterwards. */
  async function withLimits(settings: Record<string, string>, run: (url: string) => Promise<void>) {
    const saved = { PORTAL_URL: process.env.PORTAL_URL, PORT: process.env.PORT };
    const limited = await startProtocolPortal(settings);
    try {
      await run(limited.url);
    } finally {
      await limited.close();
      Object.assign(process.env, saved);
    }
  }

  it("limits authorization requests per address (RATE_LIMIT_AUTHORIZE_PER_ADDRESS): 429 with Retry-After", async () => {
    await withLimits({ RATE_LIMIT_AUTHORIZE_PER_ADDRESS: "2" }, async (url) => {
      const authorize = `${url}/oauth/authorize?client_id=nobody&response_type=code&scope=openid`;
      expect((await fetch(authorize, { redirect: "manual" })).status).toBe(400);
      expect((await fetch(authorize, { redirect: "manual" })).status).toBe(400);
      const refused = await fetch(authorize, { redirect: "manual" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.text()).toContain("Too many sign-in attempts");
    });
  });

  it("limits authorization requests per client (RATE_LIMIT_AUTHORIZE_PER_CLIENT); POST is not taken there", async () => {
    const [limited, other] = [await webApp(), await webApp()];
    await withLimits({ RATE_LIMIT_AUTHORIZE_PER_ADDRESS: "0", RATE_LIMIT_AUTHORIZE_PER_CLIENT: "2" }, async (url) => {
      const params = (clientId: string) =>
        new URLSearchParams({
          client_id: clientId,
          response_type: "code",
          scope: "openid",
          redirect_uri: REDIRECT,
          code_challenge: "x".repeat(43),
          code_challenge_method: "S256",
        });
      const get = (clientId: string) => fetch(`${url}/oauth/authorize?${params(clientId)}`, { redirect: "manual" });
      const post = (clientId: string) => fetch(`${url}/oauth/authorize`, { method: "POST", body: params(clientId), redirect: "manual" });
      expect((await get(limited.clientId)).status).toBe(303); // on to the sign-in
      expect((await post(limited.clientId)).status).toBe(405);
      expect((await get(limited.clientId)).status).toBe(303);
      const refused = await get(limited.clientId);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await get(other.clientId)).status).toBe(303); // another client has its own count
      for (let i = 0; i < 3; i++) expect((await get("nobody")).status).toBe(400); // only existing clients are counted
    });
  });

  it("limits the code and refresh grants per client (RATE_LIMIT_END_USER_TOKEN_PER_CLIENT): 429 with Retry-After", async () => {
    const [limited, other] = [await webApp(), await webApp()];
    await withLimits({ RATE_LIMIT_END_USER_TOKEN_PER_CLIENT: "2" }, async (url) => {
      const exchange = (clientId: string, grant: Record<string, string>) =>
        fetch(`${url}/oauth/token`, {
          method: "POST",
          headers: { authorization: `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString("base64")}` },
          body: new URLSearchParams(grant),
        });
      const code = { grant_type: "authorization_code", code: "not-a-code", redirect_uri: REDIRECT, code_verifier: "v".repeat(43) };
      expect((await exchange(limited.clientId, code)).status).toBe(400); // invalid_grant
      expect((await exchange(limited.clientId, { grant_type: "refresh_token", refresh_token: "not-a-token" })).status).toBe(400);
      const refused = await exchange(limited.clientId, code);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: "temporarily_unavailable" });
      expect((await exchange(other.clientId, code)).status).toBe(400);
    });
  });
});
