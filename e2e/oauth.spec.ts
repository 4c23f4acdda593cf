// The OAuth endpoints against the real server, driven by openid-client (a certified relying-party
// library) and verified with jose against the published JWKS. The first test makes a scope, its
// secret and clients through the portal's UI, as an admin would; the others get their own through
// the REST API (the `oauth` fixture), so each runs alone.
import * as oidc from "openid-client";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { baseURL } from "../playwright.config";
import { expectNoAxeViolations } from "./a11y";
import { createClientInPortal, expect, revealSecret, SCREENSHOTS, test as base, tokenCall, uniqueName } from "./fixtures";

/** What each test works with: a scope with a scope secret, a client_secret_basic client allowed that scope, a client_secret_post client. */
type OAuthSetup = {
  scopeName: string;
  scopeSecret: string;
  basic: { clientId: string; secret: string; url: string };
  post: { clientId: string; secret: string; url: string };
};

/** `test` with `oauth`: the test's own scope and clients, made through the REST API. */
const test = base.extend<{ oauth: OAuthSetup }>({
  oauth: async ({ api }, provide) => {
    const scope = await api.createScope({ name: `${uniqueName("e2e")}.read`, display_name: "OAuth e2e" });
    const scopeSecret = await api.createScopeSecret(scope.id, "introspection");
    const client = async (method: "client_secret_basic" | "client_secret_post", scopes: string[]) => {
      const created = await api.createClient({
        client_id: uniqueName(`oauth-${method === "client_secret_basic" ? "basic" : "post"}`),
        token_endpoint_auth_method: method,
        scopes,
      });
      return { clientId: created.client_id, secret: created.client_secret!, url: `/clients/${created.id}` };
    };
    await provide({
      scopeName: scope.name,
      scopeSecret,
      basic: await client("client_secret_basic", [scope.name]),
      post: await client("client_secret_post", []),
    });
  },
});

const insecure = { execute: [oidc.allowInsecureRequests] };

const discover = (clientId: string, secret: string, auth: oidc.ClientAuth) => oidc.discovery(new URL(baseURL), clientId, secret, auth, insecure);

/** What openid-client throws for a refused token request, as { status, error }. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; error: string; kind: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError) return { status: error.status, error: error.error, kind: "ResponseBodyError" };
    // A 401 carries `WWW-Authenticate: Basic realm="portal"` (RFC 6749 §5.2, RFC 9110 §15.5.2), so
    // openid-client reports the challenge; the RFC 6749 error body is still on the response.
    if (error instanceof oidc.WWWAuthenticateChallengeError) {
      expect(error.cause[0]).toMatchObject({ scheme: "basic", parameters: { realm: "portal" } });
      const body = (await error.response.json()) as { error: string };
      return { status: error.status, error: body.error, kind: "WWWAuthenticateChallengeError" };
    }
    throw error;
  }
  throw new Error("expected the request to be refused");
}

type Client = OAuthSetup["basic"];
const basicConfig = (client: Client) => discover(client.clientId, client.secret, oidc.ClientSecretBasic(client.secret));
const postConfig = (client: Client) => discover(client.clientId, client.secret, oidc.ClientSecretPost(client.secret));
/** A token of the client_secret_basic client (with its scope) and one of the client_secret_post client (no scope). */
async function tokensOf({ basic, post }: OAuthSetup) {
  const basicToken = (await oidc.clientCredentialsGrant(await basicConfig(basic))).access_token;
  const postToken = (await oidc.clientCredentialsGrant(await postConfig(post))).access_token;
  return { basicToken, postToken };
}

test("set up through the UI: a scope with a scope secret, a client_secret_basic and a client_secret_post client", async ({ page, request }) => {
  const scopeName = `${uniqueName("e2e")}.read`;
  await page.goto("/scopes");
  await page.getByRole("button", { name: "New scope" }).click();
  const dialog = page.getByRole("dialog", { name: "New scope" });
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(scopeName);
  await dialog.getByLabel("Display name").fill("OAuth e2e");
  await dialog.getByRole("button", { name: "Create scope" }).click();
  await expect(page.getByRole("heading", { level: 1, name: scopeName })).toBeVisible();
  await page.getByRole("button", { name: "New secret" }).click();
  await page.getByRole("dialog", { name: "New secret" }).getByLabel("Description").fill("introspection");
  await page.getByRole("button", { name: "Generate secret" }).click();
  const scopeSecret = await revealSecret(page);

  const basicId = uniqueName("oauth-basic");
  const basicSecret = await createClientInPortal(page, {
    clientId: basicId,
    displayName: "OAuth e2e client_secret_basic",
    tokenEndpointAuthMethod: "client_secret_basic",
    scopes: [scopeName],
  });
  const postId = uniqueName("oauth-post");
  const postSecret = await createClientInPortal(page, {
    clientId: postId,
    displayName: "OAuth e2e client_secret_post",
    tokenEndpointAuthMethod: "client_secret_post",
  });

  // What was made works: a token for each client, the scope secret introspects the scoped one.
  const basic = await tokenCall(request, basicId, basicSecret);
  expect(basic.status()).toBe(200);
  expect(await basic.json()).toMatchObject({ scope: scopeName });
  const post = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: postId, client_secret: postSecret } });
  expect(post.status()).toBe(200);
  const introspector = await discover(scopeName, scopeSecret, oidc.ClientSecretBasic(scopeSecret));
  expect(await oidc.tokenIntrospection(introspector, (await basic.json()).access_token)).toMatchObject({ active: true, client_id: basicId });
});

test("discovery: openid-client accepts the metadata (issuer = the server's origin)", async ({ oauth }) => {
  const config = await basicConfig(oauth.basic);
  const metadata = config.serverMetadata();
  expect(metadata).toMatchObject({
    issuer: baseURL,
    token_endpoint: `${baseURL}/oauth/token`,
    introspection_endpoint: `${baseURL}/oauth/introspect`,
    jwks_uri: `${baseURL}/.well-known/jwks.json`,
    // The end-user engine adds its grants and methods (lib/oauth/discovery.test.ts checks the lists).
    grant_types_supported: expect.arrayContaining(["client_credentials"]),
    token_endpoint_auth_methods_supported: expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    service_documentation: `${baseURL}/docs/api`,
  });
  expect(metadata.scopes_supported).toContain(oauth.scopeName);
});

test("client_credentials with client_secret_basic: the token verifies with jose against the JWKS", async ({ oauth }) => {
  const { basic, scopeName } = oauth;
  const config = await basicConfig(basic);
  const tokens = await oidc.clientCredentialsGrant(config, { scope: scopeName });
  expect(tokens).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: scopeName });

  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer: baseURL, audience: `${baseURL}/api/v0`, typ: "at+jwt" });
  expect(protectedHeader).toMatchObject({ typ: "at+jwt", alg: expect.stringMatching(/^(ES256|RS256)$/) });
  expect(payload).toMatchObject({
    iss: baseURL,
    aud: `${baseURL}/api/v0`,
    sub: basic.clientId,
    client_id: basic.clientId,
    scope: scopeName,
    profile: "Administrator",
  });
  expect(payload.exp! - payload.iat!).toBe(3600);
});

test("client_credentials with client_secret_post; without scope the token gets the allowed scopes (none here)", async ({ oauth }) => {
  const tokens = await oidc.clientCredentialsGrant(await postConfig(oauth.post));
  expect(tokens).toMatchObject({ token_type: "bearer", scope: "" });
  const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${baseURL}/.well-known/jwks.json`)), {
    issuer: baseURL,
    audience: `${baseURL}/api/v0`,
    typ: "at+jwt",
  });
  expect(payload).toMatchObject({ client_id: oauth.post.clientId, scope: "" });
});

test("refusals: wrong secret → invalid_client 401; wrong method → invalid_client; unknown scope → invalid_scope 400", async ({ oauth }) => {
  const { basic, scopeName } = oauth;
  const wrong = await discover(basic.clientId, "not-the-secret", oidc.ClientSecretBasic("not-the-secret"));
  expect(await refusal(oidc.clientCredentialsGrant(wrong, { scope: scopeName }))).toEqual({
    status: 401,
    error: "invalid_client",
    kind: "WWWAuthenticateChallengeError",
  });

  const otherMethod = await postConfig(basic);
  expect(await refusal(oidc.clientCredentialsGrant(otherMethod))).toMatchObject({ status: 401, error: "invalid_client" });

  const right = await basicConfig(basic);
  expect(await refusal(oidc.clientCredentialsGrant(right, { scope: `${scopeName} no.such.scope` }))).toEqual({
    status: 400,
    error: "invalid_scope",
    kind: "ResponseBodyError",
  });
});

test("introspection by a scope secret (openid-client): active for a token with the scope, inactive otherwise", async ({ oauth }) => {
  const { basic, scopeName, scopeSecret } = oauth;
  const { basicToken, postToken } = await tokensOf(oauth);
  const config = await discover(scopeName, scopeSecret, oidc.ClientSecretBasic(scopeSecret));
  const active = await oidc.tokenIntrospection(config, basicToken);
  expect(active).toMatchObject({
    active: true,
    client_id: basic.clientId,
    sub: basic.clientId,
    scope: scopeName,
    token_type: "Bearer",
    iss: baseURL,
    profile: "Administrator",
  });
  expect(await oidc.tokenIntrospection(config, postToken)).toEqual({ active: false });
  expect(await oidc.tokenIntrospection(config, "garbage")).toEqual({ active: false });

  const wrong = await discover(scopeName, "nope", oidc.ClientSecretBasic("nope"));
  expect(await refusal(oidc.tokenIntrospection(wrong, basicToken))).toMatchObject({ status: 401, error: "invalid_client" });
});

test("introspection by a client: its own tokens only", async ({ oauth }) => {
  const { basicToken, postToken } = await tokensOf(oauth);
  const config = await postConfig(oauth.post);
  expect(await oidc.tokenIntrospection(config, postToken)).toMatchObject({ active: true, client_id: oauth.post.clientId });
  expect(await oidc.tokenIntrospection(config, basicToken)).toEqual({ active: false });
});

test("the client page shows curl commands for its token call, never the secret", async ({ page, oauth }) => {
  const { basic, post, scopeName } = oauth;
  await page.goto(basic.url);
  const section = page.getByRole("region", { name: "Get a token" });
  await expect(section).toContainText(`curl -u "${basic.clientId}:$CLIENT_SECRET"`);
  await expect(section).toContainText(`--data-urlencode 'scope=${scopeName}'`);
  await expect(section).toContainText(`${baseURL}/oauth/token`);
  await expect(section).toContainText(`curl -H "Authorization: Bearer $ACCESS_TOKEN"`);
  expect(await page.content()).not.toContain(basic.secret);
  await expectNoAxeViolations(page, "[aria-labelledby=token-curl-heading]");
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: `${SCREENSHOTS}/client-curl.png` });

  await page.goto(post.url);
  await expect(page.getByRole("region", { name: "Get a token" })).toContainText(`--data-urlencode "client_secret=$CLIENT_SECRET"`);
});

test("a revoked secret is refused; the new one works", async ({ page, oauth }) => {
  const { basic, scopeName } = oauth;
  await page.goto(basic.url);
  await page.getByRole("button", { name: "New secret" }).click();
  await page.getByRole("dialog", { name: "New secret" }).getByLabel("Description").fill("rotated");
  await page.getByRole("button", { name: "Generate secret" }).click();
  const second = await revealSecret(page);
  const firstRow = page.getByTestId("secret-row").filter({ hasText: `…${basic.secret.slice(-4)}` });
  await firstRow.getByRole("button", { name: /Revoke/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke secret" }).click();
  await expect(firstRow).toContainText("revoked");

  expect(await refusal(oidc.clientCredentialsGrant(await basicConfig(basic)))).toMatchObject({ status: 401, error: "invalid_client" });
  const fresh = await basicConfig({ ...basic, secret: second });
  expect((await oidc.clientCredentialsGrant(fresh)).scope).toBe(scopeName);
});

test("a disabled client is refused, and its tokens turn inactive", async ({ page, oauth }) => {
  const { basic, post } = oauth;
  const { basicToken } = await tokensOf(oauth);
  await page.goto(post.url);
  await page.getByRole("button", { name: "Disable client" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable client" }).click();
  await expect(page.getByRole("button", { name: "Enable client" })).toBeVisible();

  expect(await refusal(oidc.clientCredentialsGrant(await postConfig(post)))).toMatchObject({ status: 401, error: "invalid_client" });
  // Another client and its tokens are untouched.
  expect(await oidc.tokenIntrospection(await basicConfig(basic), basicToken)).toMatchObject({ active: true });
});

test("Signing keys page: rotate from the portal; old tokens still verify, new ones use the new key", async ({ page, oauth }) => {
  const { basicToken } = await tokensOf(oauth);
  await page.goto("/keys");
  await expect(page.getByRole("heading", { level: 1, name: "Signing keys" })).toBeVisible();
  const oldKid = decodeProtectedHeader(basicToken).kid!;
  await expect(page.getByTestId("signing-key-row").filter({ hasText: oldKid })).toContainText("active");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Rotate keys" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Rotate the signing keys?" });
  await expect(confirm).toBeVisible();
  await expectNoAxeViolations(page, "[role=alertdialog]");
  await confirm.getByRole("button", { name: "Rotate keys" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("signing-key-row").filter({ hasText: oldKid })).toContainText("retired");
  await expect(page.getByTestId("signing-key-row").filter({ hasText: "active" })).toHaveCount(2);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/keys.png`, fullPage: true });

  const jwks = createRemoteJWKSet(new URL(`${baseURL}/.well-known/jwks.json`));
  await jwtVerify(basicToken, jwks, { issuer: baseURL, audience: `${baseURL}/api/v0` });
  const fresh = (await oidc.clientCredentialsGrant(await basicConfig(oauth.basic))).access_token;
  expect(decodeProtectedHeader(fresh).kid).not.toBe(oldKid);
  await jwtVerify(fresh, jwks, { issuer: baseURL, audience: `${baseURL}/api/v0` });
});

test("the OAuth endpoints and metadata need no session; JWKS is cacheable, token errors are not", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const discovery = await anonymous.get("/.well-known/openid-configuration");
  expect(discovery.status()).toBe(200);
  const jwks = await anonymous.get("/.well-known/jwks.json");
  expect(jwks.headers()["cache-control"]).toBe("public, max-age=300");
  const { keys } = (await jwks.json()) as { keys: { kid?: string; alg?: string }[] };
  expect(keys.filter((k) => k.alg === "ES256" && k.kid).length).toBeGreaterThanOrEqual(1);
  expect(keys.filter((k) => k.alg === "RS256" && k.kid).length).toBeGreaterThanOrEqual(1);
  expect(await (await anonymous.get("/oauth/jwks")).json()).toEqual({ keys });
  const token = await anonymous.post("/oauth/token", { form: { grant_type: "client_credentials" }, maxRedirects: 0 });
  expect(token.status()).toBe(401);
  expect(token.headers()).toMatchObject({ "cache-control": "no-store", pragma: "no-cache", "www-authenticate": 'Basic realm="portal"' });
  expect(await token.json()).toMatchObject({ error: "invalid_client" });
  await anonymous.dispose();
});
