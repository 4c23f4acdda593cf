import type { Browser } from "@playwright/test";
import { decodeProtectedHeader } from "jose";
import * as oidc from "openid-client";
import { authorizationRequest } from "../lib/testing/relying-party";
import { baseURL } from "../playwright.config";
import { expectNoAxeViolations, expectNoCspViolations, watchCspViolations } from "./a11y";
import { expect, SCREENSHOTS, test, uniqueName } from "./fixtures";
import { upstreamLogin, upstreamProvider } from "./upstream";

// End users sign in to a web app the portal manages: the portal is the app's OpenID provider, the
// person signs in through an identity provider the portal configures (the upstream oidc-provider of
// the e2e suite), and openid-client is the app — an independent relying party.

test.describe.configure({ timeout: 120_000 });

const PROVIDER = "upstream-end-users";
const REDIRECT = "http://127.0.0.1:9/app/callback"; // the app: answered by the test, never a server

const provider = (enabled: boolean) => upstreamProvider(PROVIDER, { enabled, signIn: "Sign in with your company account" });

test.beforeEach(({ api }) => api.importProviders([provider(true)]));
// Leave no enabled provider behind: every admin sign-in page would show it.
test.afterEach(({ api }) => api.importProviders([provider(false)]));

/** A person's browser: no portal session, and the app's redirect URI answered by the test. */
async function endUserBrowser(browser: Browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] }, viewport });
  const page = await context.newPage();
  await page.route(`${new URL(REDIRECT).origin}/**`, (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "the app's callback" }));
  return { context, page };
}

test("a person signs in to a web app through a Passive provider; openid-client gets and uses the tokens", async ({ api, browser }) => {
  const app = await api.createClient({
    name: uniqueName("Orders web app"),
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "ES256",
    redirect_uris: [REDIRECT],
    post_logout_redirect_uris: [`${REDIRECT}/signed-out`],
    scopes: ["openid", "profile", "email"],
    profile: "Administrator",
  });
  const config = await oidc.discovery(new URL(baseURL), app.client_id, app.client_secret, oidc.ClientSecretBasic(app.client_secret!), {
    execute: [oidc.allowInsecureRequests],
  });
  // offline_access with prompt=consent: the app gets a refresh token too.
  const request = await authorizationRequest(config, { redirect_uri: REDIRECT, scope: "openid profile email offline_access", prompt: "consent" });

  const { context, page } = await endUserBrowser(browser);
  const cspViolations = await watchCspViolations(page);
  await page.goto(request.url.href);
  await expect(page.getByRole("heading", { name: `Sign in to ${app.name}` })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoCspViolations(cspViolations);
  await page.screenshot({ path: `${SCREENSHOTS}/end-user-sign-in.png`, fullPage: true });
  await page.getByRole("link", { name: "Sign in with your company account" }).click();
  const login = uniqueName("person");
  await upstreamLogin(page, login);

  await expect(page.getByRole("heading", { name: `${app.name} asks for access` })).toBeVisible();
  await expect(page.getByText(`Signed in as ${login}@example.test`)).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoCspViolations(cspViolations);
  await page.screenshot({ path: `${SCREENSHOTS}/end-user-consent.png`, fullPage: true });
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL(`${REDIRECT}?**`);

  const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), request.checks);
  expect(decodeProtectedHeader(tokens.id_token!).alg).toBe("ES256");
  const claims = tokens.claims()!;
  expect(claims).toMatchObject({ iss: baseURL, aud: app.client_id, email: `${login}@example.test`, email_verified: true });
  expect(claims.sub).not.toBe(login); // the portal's own subject for the person
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  expect(info.email).toBe(`${login}@example.test`);

  // Refresh: a new refresh token at each use; the new access token works until it is revoked (RFC 7009).
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.refresh_token).toBeTruthy();
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  expect((await oidc.fetchUserInfo(config, refreshed.access_token, claims.sub)).sub).toBe(claims.sub);
  await oidc.tokenRevocation(config, refreshed.access_token);
  await expect(oidc.fetchUserInfo(config, refreshed.access_token, claims.sub)).rejects.toMatchObject({ status: 401 });
  // The old refresh token used again: refused, and the reuse revokes the family (the newest one too).
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });

  // RP-initiated logout: the portal asks, then sends the person back to the app.
  await page.goto(oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${REDIRECT}/signed-out` }).href);
  await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(`${REDIRECT}/signed-out**`);
  await context.close();
});

test("with an Active provider a person goes straight to it; a first-party app asks no consent", async ({ api, browser }) => {
  await api.importProviders([upstreamProvider(PROVIDER, { enabled: true, signIn: "Sign in with your company account", mode: "Active" })]);
  const app = await api.createClient({
    name: uniqueName("Intranet app"),
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "none",
    id_token_signed_response_alg: "RS256",
    first_party: true,
    redirect_uris: [REDIRECT],
    scopes: ["openid", "email"],
    profile: "Administrator",
  });
  const config = await oidc.discovery(new URL(baseURL), app.client_id, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const request = await authorizationRequest(config, { redirect_uri: REDIRECT, scope: "openid email" });

  const { context, page } = await endUserBrowser(browser);
  await page.goto(request.url.href);
  const login = uniqueName("staff");
  // No choice page on the way (the upstream's login page first), no consent page on the way back.
  await upstreamLogin(page, login, (url) => url.href.startsWith(`${REDIRECT}?`));

  const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), request.checks);
  expect(decodeProtectedHeader(tokens.id_token!).alg).toBe("RS256");
  expect(tokens.claims()).toMatchObject({ iss: baseURL, aud: app.client_id, email: `${login}@example.test` });
  expect(tokens.refresh_token).toBeUndefined(); // no offline_access asked
  expect((await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).email).toBe(`${login}@example.test`);
  await context.close();
});

test("the end-user pages fit a phone", async ({ api, browser }) => {
  const app = await api.createClient({
    name: uniqueName("Phone app"),
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "none",
    redirect_uris: [REDIRECT],
    scopes: ["openid", "email"],
    profile: "Administrator",
  });
  const config = await oidc.discovery(new URL(baseURL), app.client_id, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const { url } = await authorizationRequest(config, { redirect_uri: REDIRECT, scope: "openid email" });
  const { context, page } = await endUserBrowser(browser, { width: 390, height: 844 });
  await page.goto(url.href);
  await expect(page.getByRole("heading", { name: `Sign in to ${app.name}` })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.scripts.length)).toBe(0); // no JavaScript at all
  await page.screenshot({ path: `${SCREENSHOTS}/end-user-sign-in-phone.png`, fullPage: true });

  // Cancel: the app hears access_denied.
  await page.getByRole("button", { name: `Cancel and return to ${app.name}` }).click();
  await page.waitForURL(`${REDIRECT}?**`);
  expect(new URL(page.url()).searchParams.get("error")).toBe("access_denied");
  await context.close();
});

test("a redirect URI the app has not registered is an error page, not a redirect", async ({ api, browser }) => {
  const app = await api.createClient({
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "none",
    redirect_uris: [REDIRECT],
    scopes: ["openid"],
    profile: "Administrator",
  });
  const { context, page } = await endUserBrowser(browser);
  const response = await page.goto(
    `/oauth/authorize?client_id=${app.client_id}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent("https://attacker.example/cb")}&code_challenge=${"a".repeat(43)}&code_challenge_method=S256`,
  );
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "This application sent you from an address it has not registered" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/end-user-error.png`, fullPage: true });
  await context.close();
});

test("Try sign-in: an admin signs in to a web app from its page and reads the ID token", async ({ api, page }) => {
  const app = await api.createClient({
    name: uniqueName("Try app"),
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "client_secret_post",
    id_token_signed_response_alg: "RS256",
    redirect_uris: [REDIRECT],
    scopes: ["openid", "email"],
    profile: "Administrator",
  });
  await page.goto(`/clients/${app.id}`);
  const card = page.getByRole("region", { name: "Try sign-in" });
  await expect(card).toContainText(`${baseURL}/try-sign-in/callback`);
  await card.getByRole("button", { name: "Add the test redirect URI" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Add the test redirect URI to ${app.client_id}?` });
  await confirm.getByRole("button", { name: "Add redirect URI" }).click();
  await card.getByRole("button", { name: "Try sign-in" }).click();

  await expect(page.getByRole("heading", { name: `Sign in to ${app.name}` })).toBeVisible();
  await page.getByRole("link", { name: "Sign in with your company account" }).click();
  const login = uniqueName("tester");
  await upstreamLogin(page, login);
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page.getByRole("heading", { name: "Try sign-in" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Signed in.");
  await expect(page.getByRole("status")).toContainText("RS256");
  const claims = page.getByRole("region", { name: "ID token claims" });
  await expect(claims).toContainText(app.client_id);
  await expect(claims).toContainText(`${login}@example.test`);
  await page.screenshot({ path: `${SCREENSHOTS}/try-sign-in-result.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/try-sign-in-result-phone.png`, fullPage: true });
});
