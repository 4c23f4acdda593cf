import * as oidc from "openid-client";
import { authorizationRequest } from "../lib/testing/relying-party";
import { baseURL } from "../playwright.config";
import { expectNoAxeViolations } from "./a11y";
import { E2E_ADMIN, expect, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";
import { upstreamLogin, upstreamProvider } from "./upstream";

// The end-users section: a person signs in to a web app the portal manages (openid-client as the
// app, the e2e upstream IdP as the way in), then the admin finds them on /end-users, revokes the
// app's grants, and the app's tokens stop working — and the audit log says so.

test.describe.configure({ timeout: 150_000 });

const PROVIDER = "upstream-end-users-admin"; // this spec's own (e2e/upstream-idp.mjs registers its redirect URI)
const REDIRECT = "http://127.0.0.1:9/shop/callback"; // the app: answered by the test, never a server

const provider = (enabled: boolean) => upstreamProvider(PROVIDER, { enabled, signIn: "Sign in with the shop's accounts" });

test.beforeEach(({ api }) => api.importProviders([provider(true)]));
// Leave no enabled provider behind: every admin sign-in page would show it.
test.afterEach(({ api }) => api.importProviders([provider(false)]));

const authorization = (config: oidc.Configuration) => authorizationRequest(config, { redirect_uri: REDIRECT });

test("the admin finds a person who signed in, revokes the app's grants, and the app's tokens stop working", async ({ api, browser, page }) => {
  const app = await api.createClient({
    name: uniqueName("Shop web app"),
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "client_secret_basic",
    redirect_uris: [REDIRECT],
    scopes: ["openid", "profile", "email"],
    profile: "Administrator",
  });
  const config = await oidc.discovery(new URL(baseURL), app.client_id, app.client_secret, oidc.ClientSecretBasic(app.client_secret!), {
    execute: [oidc.allowInsecureRequests],
  });

  // The person signs in to the app and consents.
  const person = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const personPage = await person.newPage();
  await personPage.route(`${new URL(REDIRECT).origin}/**`, (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "the app" }));
  const first = await authorization(config);
  await personPage.goto(first.url.href);
  await personPage.getByRole("link", { name: "Sign in with the shop's accounts" }).click();
  const login = uniqueName("shopper");
  const email = `${login}@example.test`;
  await upstreamLogin(personPage, login);
  await expect(personPage.getByRole("heading", { name: `${app.name} asks for access` })).toBeVisible();
  await personPage.getByRole("button", { name: "Allow" }).click();
  await personPage.waitForURL(`${REDIRECT}?**`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(personPage.url()), first.checks);
  const sub = tokens.claims()!.sub;
  expect((await oidc.fetchUserInfo(config, tokens.access_token, sub)).email).toBe(email);

  // The admin finds them by typing (the list follows), with the provider and the app.
  await page.goto("/end-users");
  await expect(page.getByRole("heading", { level: 1, name: "End users" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("Search", { exact: true }).fill(login);
  await page.waitForURL((url) => url.searchParams.get("q") === login);
  const row = page.getByTestId(`end-user-row-${email}`);
  await expect(page.getByRole("table", { name: "End users" }).getByRole("row")).toHaveCount(2); // the header and this person
  await expect(row).toContainText(PROVIDER);
  await expect(row.getByRole("link", { name: app.name })).toHaveAttribute("href", /^\/clients\/c[a-z0-9]+$/);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/end-users.png`, fullPage: true });

  await row.getByRole("link", { name: `Details of ${email}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: email })).toBeVisible();
  await expect(page.getByText(`${sub}`, { exact: true })).toBeVisible();
  await expect(page.getByTestId("end-user-sessions")).toContainText("1 live session");
  const grant = page.getByTestId(`grant-row-${app.client_id}`);
  await expect(grant).toContainText("openid");
  await expect(grant).toContainText("email");
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/end-user.png`, fullPage: true });

  // On a phone: the list's and the person's actions stay on screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(grant.getByRole("button", { name: "Revoke this client's grants" })).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SCREENSHOTS}/end-user-phone.png`, fullPage: true });
  await page.goto(`/end-users?q=${encodeURIComponent(login)}`);
  const phoneRow = page.getByTestId(`end-user-row-${email}`);
  await expect(phoneRow.getByRole("link", { name: `Details of ${email}` })).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SCREENSHOTS}/end-users-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Revoke: the dialog names what happens; the grant is gone.
  await page.goto(`/end-users/${encodeURIComponent(sub)}`);
  await waitForHydration(page, "main");
  await page.getByTestId(`grant-row-${app.client_id}`).getByRole("button", { name: "Revoke this client's grants" }).click();
  const dialog = page.getByRole("alertdialog", { name: `Revoke the grants of ${email} to ${app.name}?` });
  await expect(dialog).toContainText("asks for consent again");
  await dialog.getByRole("button", { name: "Revoke grants" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("No grants.")).toBeVisible();

  // The app's tokens are refused; the person, still signed in, is asked for consent again.
  await expect(oidc.fetchUserInfo(config, tokens.access_token, sub)).rejects.toMatchObject({ status: 401 });
  const again = await authorization(config);
  await personPage.goto(again.url.href);
  await expect(personPage.getByRole("heading", { name: `${app.name} asks for access` })).toBeVisible();
  await person.close();

  // The audit log names who did it, to whom, and which client.
  await page.goto(`/audit?target=${encodeURIComponent(sub)}`);
  const event = page.getByTestId("audit-row").filter({ hasText: "endUser.grantsRevoked" });
  await expect(event).toHaveCount(1);
  await expect(event).toContainText(email);
  await expect(event).toContainText(E2E_ADMIN.email);
  await expect(event).toContainText(`client: ${app.client_id}`);
  await expect(event).toContainText("End user");
});

test("a search that finds nobody shows the empty state", async ({ page }) => {
  await page.goto(`/end-users?q=${encodeURIComponent(uniqueName("nobody-signed-in"))}`);
  await expect(page.getByText("No one matches this search.")).toBeVisible();
  await page.getByRole("link", { name: "Clear the search" }).click();
  await page.waitForURL((url) => url.pathname === "/end-users" && !url.searchParams.has("q"));
  await expectNoAxeViolations(page);
});
