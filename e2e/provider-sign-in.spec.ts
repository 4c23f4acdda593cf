import type { Page } from "@playwright/test";
import { baseURL, UPSTREAM_IDP_URL } from "../playwright.config";
import { expect, freshBrowser, inviteAdmin, passSecondStep, SCREENSHOTS, test, uniqueName } from "./fixtures";

// Admins sign in through a real upstream OpenID provider (e2e/upstream-idp.mjs, panva's
// oidc-provider): its login page takes any login name; "e2e-admin" is the e2e admin's account.
// The upstream knows five provider names (their redirect URIs): before each test they are set to
// the same start (three enabled, Passive), after it all are disabled, so each test runs alone and no
// enabled provider is left for the other specs (an Active one would redirect every sign-in).

// Each test goes through the upstream several times: more than 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

const CLIENT = { client_id: "portal-e2e", client_secret: "upstream-e2e-client-secret" };

/** A provider entry for the upstream, in the Content Hub shape. */
function entry(providerName: string, overrides: Record<string, unknown> = {}) {
  return {
    provider_name: providerName,
    authentication_mode: "Passive",
    ...CLIENT,
    authority: UPSTREAM_IDP_URL,
    authentication_method: "redirect_get",
    response_mode: "query",
    response_type: "code",
    get_claims_from_user_info_endpoint: true,
    scope: ["openid", "email"],
    ...overrides,
  };
}

/** Signs in at the upstream's login page (and consents the first time). */
async function upstreamLogin(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${UPSTREAM_IDP_URL}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await continueAtUpstream(page);
}

/** Consents at the upstream when it asks; otherwise the browser is already on its way back. */
async function continueAtUpstream(page: Page) {
  const consent = page.getByRole("button", { name: "Continue" });
  await page.waitForURL((url) => url.origin === baseURL || url.pathname.startsWith("/interaction/"));
  if (new URL(page.url()).origin !== baseURL && (await consent.isVisible())) await consent.click();
}

const dashboard = (page: Page) => page.getByRole("heading", { name: "Dashboard" });

/** What each test starts from. */
const START = [
  entry("upstream-passive", {
    external_user_creation_url: "https://accounts.example.test/register",
    messages: { signIn: "T_SignIn_SSO", signInTitle: "T_SignInTitle_SSO", signInDescription: "T_SignInDescription_Upstream" },
  }),
  entry("upstream-form", { authentication_method: "form_post", response_mode: "form_post", messages: { signIn: "T_SignIn_Upstream_Form" } }),
  entry("upstream-login", { prompt: "login", max_age: 3600, messages: { signIn: "T_SignIn_Upstream_Login" } }),
  entry("upstream-off", { is_enabled: false, messages: { signIn: "T_SignIn_Upstream_Off" } }),
  entry("upstream-active", { is_enabled: false }),
];

test.beforeEach(({ api }) => api.importProviders(START));

test.afterEach(({ api }) => api.importProviders(START.map((e) => ({ ...e, is_enabled: false }))));

test("a Passive provider is a button that signs the admin in through the provider", async ({ browser }) => {
  const { context, page } = await freshBrowser(browser);
  await page.goto("/sign-in");
  const providers = page.getByRole("list", { name: "Identity providers" });
  await expect(providers.getByRole("heading", { name: "Single sign-on" })).toBeVisible();
  await expect(providers.getByText("T_SignInDescription_Upstream")).toBeVisible(); // a key without an entry shows as itself
  await expect(providers.getByRole("link", { name: "T_SignIn_Upstream_Off" })).toHaveCount(0); // disabled
  await expect(page.getByLabel("Password")).toBeVisible(); // the password form stays
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-providers.png`, fullPage: true });

  await providers.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await upstreamLogin(page, "e2e-admin");
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();

  // Signed in like with a password: the portal works, and signing out ends it.
  await page.goto("/providers");
  await expect(page.getByRole("heading", { name: "Identity providers" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The upstream remembers the person: without prompt the next sign-in asks nothing…
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  // …while prompt=login makes the provider ask for the login again.
  await page.getByRole("link", { name: "T_SignIn_Upstream_Login" }).click();
  await expect(page).toHaveURL(new RegExp(`^${UPSTREAM_IDP_URL}/interaction/`));
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await upstreamLogin(page, "e2e-admin");
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();
  await context.close();
});

test("with trust_amr_multi_factor, a provider's multi-factor sign-in skips the portal's second step", async ({ api, browser }) => {
  await api.importProviders([
    entry("upstream-login", { prompt: "login", max_age: 3600, trust_amr_multi_factor: true, messages: { signIn: "T_SignIn_Upstream_Login" } }),
  ]);
  const { context, page } = await freshBrowser(browser);
  // amr pwd + otp from the provider: straight in, and the audit log says why.
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "T_SignIn_Upstream_Login" }).click();
  await upstreamLogin(page, "e2e-admin#mfa");
  await expect(dashboard(page)).toBeVisible();
  await expect(page).not.toHaveURL(/\/mfa/);
  await page.goto("/audit");
  await expect(page.getByText("provider_amr").first()).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  // A password alone at the provider: the portal still asks for its own second factor.
  await page.getByRole("link", { name: "T_SignIn_Upstream_Login" }).click();
  await upstreamLogin(page, "e2e-admin");
  await expect(page).toHaveURL(/\/mfa/);
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();
  await context.close();
});

test("form_post: the request is POSTed to the provider and its answer POSTed back", async ({ browser }) => {
  const { context, page } = await freshBrowser(browser);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.isNavigationRequest()) posts.push(new URL(request.url()).pathname);
  });
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "T_SignIn_Upstream_Form" }).click();
  await upstreamLogin(page, "e2e-admin");
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();
  expect(posts).toContain("/auth"); // authentication_method form_post: to the authorization endpoint
  expect(posts).toContain("/signin-upstream-form"); // response_mode form_post: back to the redirect URI
  await context.close();
});

test("a person without an admin account gets a clear page with the account link", async ({ browser }) => {
  const { context, page } = await freshBrowser(browser);
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await upstreamLogin(page, "stranger");
  await expect(page).toHaveURL(/\/sign-in\?error=unknown_user/);
  const alert = page.getByRole("alert").filter({ hasText: "upstream-passive" });
  await expect(alert).toContainText("There is no portal admin with your email address.");
  await expect(alert.getByRole("link", { name: "Request an account" })).toHaveAttribute("href", "https://accounts.example.test/register");
  await expect(page.locator("body")).not.toContainText(/eyJ|upstream-e2e-client-secret|code=/);
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-refused.png`, fullPage: true });
  await context.close();
});

test("an email the provider does not say is verified signs nobody in", async ({ browser }) => {
  const { context, page } = await freshBrowser(browser);
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await upstreamLogin(page, "unverified+e2e-admin"); // e2e-admin@example.test without email_verified
  await expect(page).toHaveURL(/\/sign-in\?error=email_unverified/);
  await expect(page.getByRole("alert").filter({ hasText: "upstream-passive" })).toContainText("did not confirm that your email address is verified");
  await context.close();
});

test("the first sign-in links the provider account; another one with the same email is refused until an Owner removes the link", async ({
  page: owner,
  browser,
}) => {
  const login = uniqueName("linked");
  const email = `${login}@example.test`;
  await inviteAdmin(owner, { email, name: "Linda Linked", role: "Auditor" });

  /** Signs in through the Passive provider as `who` at the upstream; returns the page. */
  const signInAs = async (who: string) => {
    const { context, page } = await freshBrowser(browser);
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
    await upstreamLogin(page, who);
    return { context, page };
  };

  // The first sign-in by the verified email links the upstream account; /account shows it.
  let session = await signInAs(login);
  await expect(dashboard(session.page)).toBeVisible();
  await session.page.goto("/account");
  const linked = session.page.getByRole("list", { name: "Linked identity providers" });
  await expect(linked).toContainText("upstream-passive");
  await expect(linked).toContainText(`${UPSTREAM_IDP_URL} · subject ${login}`);
  await session.page.screenshot({ path: `${SCREENSHOTS}/account-linked-identity.png`, fullPage: true });
  await session.context.close();

  // Another upstream account with the same (verified) email is refused.
  session = await signInAs(`other+${login}`);
  await expect(session.page).toHaveURL(/\/sign-in\?error=identity_conflict/);
  await expect(session.page.getByRole("alert").filter({ hasText: "upstream-passive" })).toContainText(
    "Your admin account is linked to another account at this identity provider.",
  );
  await session.page.screenshot({ path: `${SCREENSHOTS}/sign-in-identity-conflict.png`, fullPage: true });
  await session.context.close();

  // An Owner removes the link; then the new account signs in and is linked in its place.
  await owner.goto("/admins");
  const row = owner.getByTestId(`admin-row-${email}`);
  await expect(row).toContainText("Linked to upstream-passive");
  await row.getByRole("button", { name: "Remove provider links" }).click();
  await owner
    .getByRole("alertdialog", { name: /Remove the provider links/ })
    .getByRole("button", { name: "Remove links" })
    .click();
  await expect(row).not.toContainText("Linked to");
  session = await signInAs(`other+${login}`);
  await expect(dashboard(session.page)).toBeVisible();
  await session.context.close();
});

test("cancelling at the provider ends on the sign-in page with a message", async ({ browser }) => {
  const { context, page } = await freshBrowser(browser);
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await expect(page).toHaveURL(new RegExp(`^${UPSTREAM_IDP_URL}/interaction/`));
  await page.getByRole("link", { name: /Cancel/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "upstream-passive" })).toContainText("Sign-in was cancelled at the identity provider.");
  await context.close();
});

test("the Active provider takes visitors straight to its login; ?local=1 keeps the password form", async ({ api, browser }) => {
  await api.importProviders([entry("upstream-active", { authentication_mode: "Active", messages: {} })]);

  const { context, page } = await freshBrowser(browser);
  await page.goto("/");
  await upstreamLogin(page, "e2e-admin");
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();
  await expect(page).toHaveURL(`${baseURL}/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible(); // not sent straight back
  // The provider still knows the person: through it and back without a stop.
  const throughUpstream: string[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.url().startsWith(UPSTREAM_IDP_URL)) throughUpstream.push(request.url());
  });
  await page.goto("/");
  await passSecondStep(page);
  await expect(dashboard(page)).toBeVisible();
  expect(throughUpstream.length).toBeGreaterThan(0);
  await context.close();

  const local = await freshBrowser(browser);
  await local.page.goto("/sign-in?local=1");
  await expect(local.page.getByText("The password form always stays at")).toBeVisible();
  await local.page.getByLabel("Email").fill("e2e-admin@example.test");
  await local.page.getByLabel("Password").fill("e2e-Admin-password-1");
  await local.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await passSecondStep(local.page);
  await expect(dashboard(local.page)).toBeVisible();
  await local.context.close();
});

test("a disabled provider disappears from the sign-in page and cannot be started", async ({ api, browser }) => {
  await api.importProviders([entry("upstream-login", { is_enabled: false })]);

  const { context, page } = await freshBrowser(browser);
  await page.goto("/sign-in");
  await expect(page.getByRole("link", { name: "Sign in with single sign-on" })).toBeVisible();
  await expect(page.getByRole("link", { name: "T_SignIn_Upstream_Login" })).toHaveCount(0);
  await page.goto("/sign-in/upstream-login");
  await expect(page.getByRole("alert").filter({ hasText: "upstream-login" })).toContainText("This identity provider is not enabled for sign-in.");
  await context.close();
});
