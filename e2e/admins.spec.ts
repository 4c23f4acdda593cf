import type { Browser, Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import {
  E2E_ADMIN,
  expect,
  freshBrowser,
  INVITEE_PASSWORD,
  inviteAdmin,
  openInvitation,
  passSecondStep,
  SCREENSHOTS,
  test,
  uniqueName,
  waitForHydration,
  type PortalApi,
} from "./fixtures";

// An Owner invites an Auditor and a context-bound Editor; each accepts in a fresh browser (no
// session), chooses a password, is signed in, and sees only what their role and scope allow. A
// direct request for a forbidden page, portal route or server action is refused by the server.
// Each test makes its own profile context, clients and invitees (through the REST API and the
// portal), so any one of them runs alone.

/** A profile context with one client inside it and one outside. */
async function contextWithClients(api: PortalApi) {
  const context = await api.createProfileContext();
  const inside = await api.createClient({ client_id: uniqueName("inside"), profile_context_id: context.id });
  const outside = await api.createClient({ client_id: uniqueName("outside") });
  return { context, insideClient: inside.client_id, outsideClient: outside.client_id, outsideClientUrl: `/clients/${outside.id}` };
}

/** An invitee of its own: a unique email. */
const newInvitee = (prefix: string, name: string) => ({ email: `${uniqueName(prefix)}@example.test`, name });

/**
 * A direct request for a page the admin may not open: status 403 (decided before the section streams,
 * lib/auth/page-gate.ts), the 403 page, and none of the page's data.
 */
async function expectForbiddenPage(page: Page, path: string, mustNotContain: string) {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(403);
  const html = await response.text();
  expect(html).toContain("You may not open this page");
  expect(html).not.toContain(mustNotContain);
  const load = await page.goto(path);
  expect(load?.status(), path).toBe(403);
  await expect(page.getByRole("heading", { name: "You may not open this page" })).toBeVisible();
}

/** Opens the link in a fresh browser (no session), is held to the password rule, then signed in. */
async function accept(browser: Browser, link: string, email: string, screenshot?: string) {
  const { context, page } = await freshBrowser(browser);
  await page.goto(link);
  await expect(page.getByTestId("invitation-email")).toHaveText(email);
  await waitForHydration(page);
  // The same strength rule as the first admin's password.
  await page.getByLabel("New password").fill("too-short");
  await page.getByLabel("Repeat the password").fill("too-short");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await page.getByLabel("New password").fill(INVITEE_PASSWORD);
  await page.getByLabel("Repeat the password").fill(INVITEE_PASSWORD);
  if (screenshot) await page.screenshot({ path: `${SCREENSHOTS}/${screenshot}`, fullPage: true });
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return { context, page };
}

test("an Owner invites an Auditor and a context-bound Editor; the links go by mail", async ({ page, api }) => {
  const context = await api.createProfileContext();
  const auditor = newInvitee("auditor", "Ada Auditor");
  const editor = newInvitee("ctx-editor", "Eddie Editor");
  await page.goto("/admins");
  await expect(page.getByRole("heading", { level: 1, name: "Admins" })).toBeVisible();
  await waitForHydration(page);
  const first = await openInvitation(page, { ...auditor, role: "Auditor" });
  // The portal mails the link (SMTP is set at /settings/mail) and does not show it.
  expect(first.mail.subject).toBe("Your invitation to the OIDC client portal");
  await expect(first.reveal).not.toContainText("/invitation/");
  await page.screenshot({ path: `${SCREENSHOTS}/admins-invitation-sent.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/admins-invitation-sent-390.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await first.reveal.getByRole("button", { name: "Done" }).click();
  const second = await openInvitation(page, { ...editor, role: "Editor", profileContextId: context.id });
  await second.reveal.getByRole("button", { name: "Done" }).click();

  const auditorRow = page.getByTestId(`admin-row-${auditor.email}`);
  await expect(auditorRow).toContainText("invited");
  const editorRow = page.getByTestId(`admin-row-${editor.email}`);
  await expect(editorRow).toContainText(`${context.category} / North`);
  // The Owner cannot change their own account from this table.
  await expect(page.getByTestId(`admin-row-${E2E_ADMIN.email}`)).toContainText("You");
  expect(await page.content()).not.toContain(first.link.split("/invitation/")[1]!);
  await page.screenshot({ path: `${SCREENSHOTS}/admins.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Admins" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SCREENSHOTS}/admins-390.png`, fullPage: true });
});

test("the Auditor accepts, reads everything, changes nothing, and is refused admins", async ({ page: owner, api, browser }) => {
  const { insideClient, outsideClient, outsideClientUrl } = await contextWithClients(api);
  const auditor = newInvitee("auditor", "Ada Auditor");
  const link = await inviteAdmin(owner, { ...auditor, role: "Auditor" });

  // The invitation page on a phone, before it is used.
  const other = await freshBrowser(browser);
  await other.page.setViewportSize({ width: 390, height: 844 });
  await other.page.goto(link);
  await expect(other.page.getByTestId("invitation-email")).toHaveText(auditor.email);
  await other.page.screenshot({ path: `${SCREENSHOTS}/invitation-accept-390.png`, fullPage: true });
  await other.page.setViewportSize({ width: 1280, height: 720 });

  const { context, page } = await accept(browser, link, auditor.email, "invitation-accept.png");
  await expect(page.getByTestId("admin-role").first()).toContainText("Auditor");

  // A used link says so, and how to get a new one.
  await other.page.goto(link);
  await expect(other.page.getByRole("heading", { name: "This link has been used" })).toBeVisible();
  await expect(other.page.getByText("ask an Owner of the portal for a new link")).toBeVisible();
  await other.page.goto(`/invitation/${"x".repeat(43)}`);
  await expect(other.page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await other.page.screenshot({ path: `${SCREENSHOTS}/invitation-invalid.png`, fullPage: true });
  await other.context.close();

  await page.goto("/clients");
  await expect(page.getByRole("link", { name: insideClient })).toBeVisible();
  await expect(page.getByRole("link", { name: outsideClient })).toBeVisible();
  await expect(page.getByRole("link", { name: "New client" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Admins" })).toHaveCount(0);

  // A client's page: every control disabled, no danger zone.
  await page.goto(outsideClientUrl);
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
  // …and looks it (components/ui/button.tsx: one disabled style for every button).
  expect(await page.getByRole("button", { name: "Save changes" }).evaluate((button) => getComputedStyle(button).opacity)).toBe("0.5");
  await expect(page.getByText("your role is Auditor")).toBeVisible();

  // The server refuses what the UI does not offer: re-enable the form in the page and submit it.
  await waitForHydration(page);
  await page.evaluate(() => document.querySelectorAll("fieldset[disabled]").forEach((f) => f.removeAttribute("disabled")));
  await page.getByLabel("Display name").fill("changed by an auditor");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/You may not change clients: your role is Auditor/).last()).toBeVisible();

  await expectForbiddenPage(page, "/admins", E2E_ADMIN.email);
  // An Owner-only portal route, asked directly with the Auditor's session.
  const exported = await page.request.post("/configuration/export", { form: { format: "json" } });
  expect(exported.status()).toBe(403);

  // Everyone has an account page.
  await page.goto("/account");
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Name" }).fill("Ada A. Auditor");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByTestId("admin-name").first()).toHaveText("Ada A. Auditor");
  await page.getByLabel("Current password").fill("wrong-password-123");
  await page.getByLabel(/^New password/).fill("another-long-passphrase-2");
  await page.getByLabel("Repeat the new password").fill("another-long-passphrase-2");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/account.png`, fullPage: true });
  await context.close();
});

test("the context-bound Editor sees and creates only clients of their context", async ({ page: owner, api, browser }) => {
  const { context: profileContext, insideClient, outsideClient, outsideClientUrl } = await contextWithClients(api);
  const editor = newInvitee("ctx-editor", "Eddie Editor");
  const link = await inviteAdmin(owner, { ...editor, role: "Editor", profileContextId: profileContext.id });
  const { context, page } = await accept(browser, link, editor.email);
  await expect(page.getByTestId("admin-role").first()).toContainText(`profile context ${profileContext.id}`);

  await page.goto("/clients");
  await expect(page.getByRole("link", { name: insideClient })).toBeVisible();
  await expect(page.getByRole("link", { name: outsideClient })).toHaveCount(0);
  // Another context's client does not exist for them: 404, and nothing of it.
  const outsideResponse = await page.request.get(outsideClientUrl);
  expect(outsideResponse.status()).toBe(404);
  const outside = await outsideResponse.text();
  expect(outside).toContain("Page not found");
  expect(outside).not.toContain(outsideClient);
  await expectForbiddenPage(page, "/scopes", "openid");
  await expectForbiddenPage(page, "/admins", E2E_ADMIN.email);
  const exported = await page.request.get("/providers/export");
  expect(exported.status()).toBe(403);

  // The new-client form offers only their profile and context, preset.
  await page.goto("/clients/new");
  await expect(page.getByLabel("Profile context").locator("option")).toHaveCount(1);
  await expect(page.getByLabel("Profile context")).toHaveValue(String(profileContext.id));
  // Nobody grants more than they hold: no Owner admin API access on offer (ADR 008).
  await expect(page.getByLabel("Admin API access").locator("option")).toHaveText(["None", /^Editor/, /^Auditor/]);
  await page.screenshot({ path: `${SCREENSHOTS}/client-new-context-bound.png`, fullPage: true });
  await context.close();
});

test("the Owner sees an invited admin turn active, then disables them", async ({ page, browser }) => {
  const auditor = newInvitee("auditor", "Ada Auditor");
  const session = await accept(browser, await inviteAdmin(page, { ...auditor, role: "Auditor" }), auditor.email);
  await session.context.close();

  await page.goto("/admins");
  await waitForHydration(page);
  const auditorRow = page.getByTestId(`admin-row-${auditor.email}`);
  await expect(auditorRow).toContainText("active");
  await expect(auditorRow).toContainText("password");
  await auditorRow.getByRole("button", { name: "Disable" }).click();
  const confirm = page.getByRole("alertdialog", { name: /Disable/ });
  await confirm.getByRole("button", { name: "Disable" }).click();
  await expect(auditorRow).toContainText("disabled");
});

test("a revoked invitation link says so and how to get a new one", async ({ page, browser }) => {
  const revoked = newInvitee("revoked", "Rita Revoked");
  const link = await inviteAdmin(page, { ...revoked, role: "Auditor" });
  const row = page.getByTestId(`admin-row-${revoked.email}`);
  await row.getByRole("button", { name: "Revoke link" }).click();
  await page
    .getByRole("alertdialog", { name: /Revoke/ })
    .getByRole("button", { name: "Revoke link" })
    .click();
  await expect(row).toContainText("invitation expired");

  const { context, page: visitor } = await freshBrowser(browser);
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { name: "This link has been revoked" })).toBeVisible();
  await expect(visitor.getByText("Ask an Owner of the portal for a new one.")).toBeVisible();
  await expect(visitor.getByLabel(/^New password/)).toHaveCount(0);
  await visitor.screenshot({ path: `${SCREENSHOTS}/invitation-revoked.png`, fullPage: true });
  await context.close();
});

test("opening a link while signed in as someone else asks first; continuing ends that session on the server", async ({ page, browser }) => {
  const prompted = newInvitee("prompted", "Pat Prompted");
  const { email } = prompted;
  const link = await inviteAdmin(page, { ...prompted, role: "Auditor" });

  // Someone else signed in in the browser that opens the link: the e2e admin, with a session of its own.
  const { context, page: other } = await freshBrowser(browser);
  await other.goto("/sign-in");
  await other.getByLabel("Email").fill(E2E_ADMIN.email);
  await other.getByLabel("Password").fill(E2E_ADMIN.password);
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await passSecondStep(other); // an Owner: the second factor
  await expect(other.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const theirCookies = await context.cookies();

  await other.goto(link);
  await expect(other.getByRole("heading", { name: "You are signed in as someone else" })).toBeVisible();
  await expect(other.getByTestId("signed-in-as")).toHaveText(E2E_ADMIN.email);
  await expect(other.getByTestId("invitation-email")).toHaveText(email);
  await expect(other.getByLabel("New password")).toHaveCount(0);
  await expect(other.getByRole("link", { name: `Stay signed in as ${E2E_ADMIN.email}` })).toHaveAttribute("href", "/");
  await other.screenshot({ path: `${SCREENSHOTS}/invitation-signed-in-prompt.png`, fullPage: true });

  await other.getByRole("button", { name: `Sign out and continue as ${email}` }).click();
  await expect(other.getByRole("heading", { name: "Welcome, Pat Prompted" })).toBeVisible();
  // The other session ended on the server: a copy of its cookie no longer opens the portal.
  const copy = await browser.newContext({ baseURL, storageState: { cookies: theirCookies, origins: [] } });
  const stale = await copy.newPage();
  await stale.goto("/clients");
  await expect(stale).toHaveURL(/\/sign-in/);
  await copy.close();

  await waitForHydration(other);
  await other.getByLabel("New password").fill(INVITEE_PASSWORD);
  await other.getByLabel("Repeat the password").fill(INVITEE_PASSWORD);
  await other.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(other.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await other.goto("/account");
  await expect(other.locator("#main").getByText(email)).toBeVisible();
  await context.close();
});
