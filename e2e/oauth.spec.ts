// The OAuth endpoints against the real server, driven by openid-client (a certified relying-party
// library) and verified with jose against the published JWKS. Clients, scopes and secrets are
// made through the portal's UI, as an admin would.
import { expect, test, type Page } from "@playwright/test";
import * as oidc from "openid-client";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { baseURL } from "../playwright.config";
import { expectNoAxeViolations } from "./a11y";
import { SCREENSHOTS } from "./fixtures";

test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const scopeName = `e2e-${run}.read`;
const basicId = `oauth-basic-${run}`;
const postId = `oauth-post-${run}`;
let scopeSecret = "";
let basicSecret = "";
let postSecret = "";
let basicUrl = "";
let postUrl = "";
let basicToken = "";
let postToken = "";

const insecure = { execute: [oidc.allowInsecureRequests] };

/** Reads the secret shown once in the reveal dialog, then closes it. */
async function takeRevealedSecret(page: Page): Promise<string> {
  const reveal = page.getByRole("alertdialog", { name: "Copy the new secret now" });
  const secret = (await reveal.getByTestId("revealed-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await reveal.getByRole("button", { name: "I have stored it" }).click();
  await expect(reveal).toBeHidden();
  return secret;
}

async function createClient(page: Page, clientId: string, method: "client_secret_basic" | "client_secret_post", scopes: string[]) {
  await page.goto("/clients/new");
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Display name").fill(`OAuth e2e ${method}`);
  await page.getByLabel("Token endpoint authentication").selectOption(method);
  // Preset only while one profile exists; other specs (configuration) add profiles.
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  for (const scope of scopes) await page.getByRole("group", { name: "Allowed scopes" }).getByLabel(scope).check();
  await page.getByRole("button", { name: "Create client" }).click();
  const secret = await takeRevealedSecret(page);
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  return { secret, url: page.url() };
}

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

test("set up through the UI: a scope with a scope secret, a client_secret_basic and a client_secret_post client", async ({ page }) => {
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
  scopeSecret = await takeRevealedSecret(page);

  ({ secret: basicSecret, url: basicUrl } = await createClient(page, basicId, "client_secret_basic", [scopeName]));
  ({ secret: postSecret, url: postUrl } = await createClient(page, postId, "client_secret_post", []));
});

test("discovery: openid-client accepts the metadata (issuer = the server's origin)", async () => {
  const config = await discover(basicId, basicSecret, oidc.ClientSecretBasic(basicSecret));
  const metadata = config.serverMetadata();
  expect(metadata).toMatchObject({
    issuer: baseURL,
    token_endpoint: `${baseURL}/oauth/token`,
    introspection_endpoint: `${baseURL}/oauth/introspect`,
    jwks_uri: `${baseURL}/.well-known/jwks.json`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    service_documentation: `${baseURL}/docs/api`,
  });
  expect(metadata.scopes_supported).toContain(scopeName);
});

test("client_credentials with client_secret_basic: the token verifies with jose against the JWKS", async () => {
  const config = await discover(basicId, basicSecret, oidc.ClientSecretBasic(basicSecret));
  const tokens = await oidc.clientCredentialsGrant(config, { scope: scopeName });
  expect(tokens).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: scopeName });
  basicToken = tokens.access_token;

  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload, protectedHeader } = await jwtVerify(basicToken, jwks, { issuer: baseURL, audience: `${baseURL}/api/v0`, typ: "at+jwt" });
  expect(protectedHeader).toMatchObject({ typ: "at+jwt", alg: expect.stringMatching(/^(ES256|RS256)$/) });
  expect(payload).toMatchObject({ iss: baseURL, aud: `${baseURL}/api/v0`, sub: basicId, client_id: basicId, scope: scopeName, profile: "Administrator" });
  expect(payload.exp! - payload.iat!).toBe(3600);
});

test("client_credentials with client_secret_post; without scope the token gets the allowed scopes (none here)", async () => {
  const config = await discover(postId, postSecret, oidc.ClientSecretPost(postSecret));
  const tokens = await oidc.clientCredentialsGrant(config);
  expect(tokens).toMatchObject({ token_type: "bearer", scope: "" });
  postToken = tokens.access_token;
  const { payload } = await jwtVerify(postToken, createRemoteJWKSet(new URL(`${baseURL}/.well-known/jwks.json`)), {
    issuer: baseURL,
    audience: `${baseURL}/api/v0`,
    typ: "at+jwt",
  });
  expect(payload).toMatchObject({ client_id: postId, scope: "" });
});

test("refusals: wrong secret → invalid_client 401; wrong method → invalid_client; unknown scope → invalid_scope 400", async () => {
  const wrong = await discover(basicId, "not-the-secret", oidc.ClientSecretBasic("not-the-secret"));
  expect(await refusal(oidc.clientCredentialsGrant(wrong, { scope: scopeName }))).toEqual({
    status: 401,
    error: "invalid_client",
    kind: "WWWAuthenticateChallengeError",
  });

  const otherMethod = await discover(basicId, basicSecret, oidc.ClientSecretPost(basicSecret));
  expect(await refusal(oidc.clientCredentialsGrant(otherMethod))).toMatchObject({ status: 401, error: "invalid_client" });

  const right = await discover(basicId, basicSecret, oidc.ClientSecretBasic(basicSecret));
  expect(await refusal(oidc.clientCredentialsGrant(right, { scope: `${scopeName} no.such.scope` }))).toEqual({
    status: 400,
    error: "invalid_scope",
    kind: "ResponseBodyError",
  });
});

test("introspection by a scope secret (openid-client): active for a token with the scope, inactive otherwise", async () => {
  const config = await discover(scopeName, scopeSecret, oidc.ClientSecretBasic(scopeSecret));
  const active = await oidc.tokenIntrospection(config, basicToken);
  expect(active).toMatchObject({
    active: true,
    client_id: basicId,
    sub: basicId,
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

test("introspection by a client: its own tokens only", async () => {
  const config = await discover(postId, postSecret, oidc.ClientSecretPost(postSecret));
  expect(await oidc.tokenIntrospection(config, postToken)).toMatchObject({ active: true, client_id: postId });
  expect(await oidc.tokenIntrospection(config, basicToken)).toEqual({ active: false });
});

test("the client page shows curl commands for its token call, never the secret", async ({ page }) => {
  await page.goto(basicUrl);
  const section = page.getByRole("region", { name: "Get a token" });
  await expect(section).toContainText(`curl -u "${basicId}:$CLIENT_SECRET"`);
  await expect(section).toContainText(`--data-urlencode 'scope=${scopeName}'`);
  await expect(section).toContainText(`${baseURL}/oauth/token`);
  await expect(section).toContainText(`curl -H "Authorization: Bearer $ACCESS_TOKEN"`);
  expect(await page.content()).not.toContain(basicSecret);
  await expectNoAxeViolations(page, "[aria-labelledby=token-curl-heading]");
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: `${SCREENSHOTS}/client-curl.png` });

  await page.goto(postUrl);
  await expect(page.getByRole("region", { name: "Get a token" })).toContainText(`--data-urlencode "client_secret=$CLIENT_SECRET"`);
});

test("a revoked secret is refused; the new one works", async ({ page }) => {
  await page.goto(basicUrl);
  await page.getByRole("button", { name: "New secret" }).click();
  await page.getByRole("dialog", { name: "New secret" }).getByLabel("Description").fill("rotated");
  await page.getByRole("button", { name: "Generate secret" }).click();
  const second = await takeRevealedSecret(page);
  const firstRow = page.getByTestId("secret-row").filter({ hasText: `…${basicSecret.slice(-4)}` });
  await firstRow.getByRole("button", { name: /Revoke/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke secret" }).click();
  await expect(firstRow).toContainText("revoked");

  const old = await discover(basicId, basicSecret, oidc.ClientSecretBasic(basicSecret));
  expect(await refusal(oidc.clientCredentialsGrant(old))).toMatchObject({ status: 401, error: "invalid_client" });
  const fresh = await discover(basicId, second, oidc.ClientSecretBasic(second));
  expect((await oidc.clientCredentialsGrant(fresh)).scope).toBe(scopeName);
  basicSecret = second;
});

test("a disabled client is refused, and its tokens turn inactive", async ({ page }) => {
  await page.goto(postUrl);
  await page.getByRole("button", { name: "Disable client" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable client" }).click();
  await expect(page.getByRole("button", { name: "Enable client" })).toBeVisible();

  const config = await discover(postId, postSecret, oidc.ClientSecretPost(postSecret));
  expect(await refusal(oidc.clientCredentialsGrant(config))).toMatchObject({ status: 401, error: "invalid_client" });
  const introspector = await discover(basicId, basicSecret, oidc.ClientSecretBasic(basicSecret));
  expect(await oidc.tokenIntrospection(introspector, basicToken)).toMatchObject({ active: true });
});

test("Signing keys page: rotate from the portal; old tokens still verify, new ones use the new key", async ({ page }) => {
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
  const config = await discover(basicId, basicSecret, oidc.ClientSecretBasic(basicSecret));
  const fresh = (await oidc.clientCredentialsGrant(config)).access_token;
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
