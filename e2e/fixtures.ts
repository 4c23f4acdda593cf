import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from "../lib/mfa/totp";
import type { ReceivedMail } from "../lib/testing/smtp-receiver.mjs";
import { E2E_SMTP_URL, MAILBOX_URL, STORAGE_STATE, baseURL } from "../playwright.config";

// The admin the e2e server seeds into its own throwaway database (see scripts/e2e-server.mjs).
export const E2E_ADMIN = {
  email: "e2e-admin@example.test",
  password: "e2e-Admin-password-1",
  name: "E2E Admin",
} as const;

export const SCREENSHOTS = "test-results/screenshots";

/**
 * Waits until React has hydrated the page's forms. Typing into a server-rendered edit form before
 * that races with react-hook-form's registration (seen as text appended to the stored value).
 */
export async function waitForHydration(page: import("@playwright/test").Page, selector = "form", timeout?: number) {
  await page.waitForFunction(
    (selector) => {
      const form = document.querySelector(selector);
      return form !== null && Object.keys(form).some((key) => key.startsWith("__reactFiber"));
    },
    selector,
    { timeout },
  );
}

/**
 * For a form hydrated at the first interaction (components/ui/island.tsx): focuses its first field,
 * then waits until React owns the form, so what the form shows from its state (a note, a preview)
 * follows every later change.
 */
export async function hydrateForm(page: Page, selector: string) {
  await page.locator(`${selector} input:not([type=hidden])`).first().focus();
  // An interaction before the island's code has loaded goes unseen: press a key that types nothing
  // (Shift) until React owns the form.
  await expect(async () => {
    await page.keyboard.press("Shift");
    await waitForHydration(page, selector, 2000);
  }).toPass({ timeout: 30_000 });
}

// ——— The e2e admin's second factor (an Owner: MFA_REQUIRED_FOR=owners by default) ———
// e2e/auth.setup.ts enrols an authenticator app at the first sign-in and leaves its key here, per
// port; every later sign-in computes codes with the portal's own TOTP module (otpauth).

type SecondFactorFile = { secret: string; lastStep: number; recoveryCodes: string[] };

export function secondFactorFile(): string {
  return `e2e/.auth/totp-${process.env.E2E_PORT ?? 3100}.json`;
}

export function saveSecondFactor(value: SecondFactorFile) {
  fs.mkdirSync(path.dirname(secondFactorFile()), { recursive: true });
  fs.writeFileSync(secondFactorFile(), JSON.stringify(value));
}

export function loadSecondFactor(): SecondFactorFile {
  return JSON.parse(fs.readFileSync(secondFactorFile(), "utf8")) as SecondFactorFile;
}

/**
 * A code of `secret` the portal has not accepted yet (its steps after `lastStep`): the portal takes
 * the steps either side of now, each once, so this picks the first unused one of them, waiting for
 * the clock when all three are used.
 */
export async function nextTotpCode(secret: string, lastStep: number): Promise<{ code: string; step: number }> {
  for (;;) {
    const now = totpStep(Date.now());
    // Leave a margin before the window moves on: the request takes time.
    const early = Date.now() % (TOTP_PERIOD_SECONDS * 1000) < 25_000;
    const step = [early ? now - 1 : now, now, now + 1].find((s) => s > lastStep);
    if (step !== undefined) return { code: totpCode(secret, step), step };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A fresh code of the e2e admin's authenticator app (its last used step is kept in the file). */
export async function freshTotpCode(): Promise<string> {
  const saved = loadSecondFactor();
  const { code, step } = await nextTotpCode(saved.secret, saved.lastStep);
  saveSecondFactor({ ...loadSecondFactor(), lastStep: step });
  return code;
}

/** On /mfa: enters a fresh code of the e2e admin's authenticator app. */
export async function passSecondStep(page: import("@playwright/test").Page) {
  await page.waitForURL(/\/mfa$/);
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Code" }).fill(await freshTotpCode());
  await page.getByRole("button", { name: "Verify" }).click();
}

/** The current code of `secret` and its step (for a key just shown, before any code was used). */
export function totpCodeNow(secret: string): { code: string; step: number } {
  const step = totpStep(Date.now());
  return { code: totpCode(secret, step), step };
}

// ——— Shared steps and the REST fixture: each spec creates what it needs, in any order ———

/** A name no other test (nor an earlier run on the same server) uses: `prefix-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A profile context Id no other test uses (Ids are -2 and lower). */
export function uniqueContextId(): number {
  return -(1_000_000 + Math.floor(Math.random() * 2_000_000_000));
}

/**
 * The one-time reveal dialog (a client's or a scope's new secret): reads the secret, confirms it is
 * stored, and returns it.
 */
export async function revealSecret(page: Page): Promise<string> {
  const dialog = page.getByRole("alertdialog", { name: "Copy the new secret now" });
  const secret = (await dialog.getByTestId("revealed-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

/**
 * Creates a confidential client through the portal's form (profile Administrator) and returns its
 * first secret; the page is left on the client's page.
 */
export async function createClientInPortal(
  page: Page,
  {
    clientId,
    displayName = clientId,
    description,
    adminApiAccess,
    profileContextId,
    tokenEndpointAuthMethod,
    scopes = [],
  }: {
    clientId: string;
    displayName?: string;
    description?: string;
    adminApiAccess?: "Owner" | "Editor" | "Auditor";
    profileContextId?: number;
    tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
    /** Names of allowed scopes. */
    scopes?: string[];
  },
): Promise<string> {
  await page.goto("/clients/new");
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Display name").fill(displayName);
  if (description !== undefined) await page.getByLabel("Description").fill(description);
  if (tokenEndpointAuthMethod) await page.getByLabel("Token endpoint authentication").selectOption(tokenEndpointAuthMethod);
  // Other specs may have made more profiles: the form preselects one only when it is the only one.
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  if (profileContextId !== undefined) await page.getByRole("combobox", { name: "Profile context" }).selectOption(String(profileContextId));
  if (adminApiAccess) await page.getByLabel("Admin API access").selectOption(adminApiAccess);
  for (const scope of scopes) await page.getByRole("group", { name: "Allowed scopes" }).getByLabel(scope).check();
  await page.getByRole("button", { name: "Create client" }).click();
  const secret = await revealSecret(page);
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  return secret;
}

/** A browser context without a portal session (a visitor, or someone about to accept a link). */
export async function freshBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

/** Someone to invite: a role, and for a context-bound admin the profile context (profile Administrator). */
export type Invitee = { email: string; name: string; role: "Owner" | "Editor" | "Auditor"; profileContextId?: number };

/** The password invited admins choose in the e2e tests. */
export const INVITEE_PASSWORD = "a-good-long-passphrase-1";

// ——— Mail: the e2e portal mails invitation and reset links to e2e/mail-receiver.mjs, as an Owner
// set it at /settings/mail (e2e/auth.setup.ts; the e2e server has no SMTP_URL) ———

/** The sender the e2e portal's mails come from. */
export const E2E_MAIL_FROM = "OIDC portal e2e <portal@example.test>";

/**
 * As an Owner, sets the e2e SMTP server at /settings/mail (no security: a loopback relay) and saves.
 * `login`: a user name and a new password (the receiver accepts any login). Returns the page.
 */
export async function configureMail(page: Page, login?: { username: string; password: string }) {
  const smtp = new URL(E2E_SMTP_URL);
  await page.goto("/settings/mail");
  const form = page.getByRole("form", { name: "Mail settings" });
  await hydrateForm(page, 'form[aria-label="Mail settings"]');
  await form.getByLabel("Host").fill(smtp.hostname);
  await form.getByLabel("Security").selectOption("none");
  await form.getByLabel("Port").fill(smtp.port);
  await form.getByLabel("User name").fill(login?.username ?? "");
  if (login) {
    const replace = form.getByRole("button", { name: /^(Replace|Set a password)$/ });
    await replace.click();
    await form.getByLabel("New password").fill(login.password);
  }
  await form.getByLabel("From").fill(E2E_MAIL_FROM);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("form-message")).toHaveText(/^Saved\./);
  return page;
}

/** Every mail the e2e portal sent, oldest first. */
export async function receivedMails(): Promise<ReceivedMail[]> {
  const response = await fetch(MAILBOX_URL);
  return (await response.json()) as ReceivedMail[];
}

/** The first mail to `to` received at or after `since` (Date.now() before the action that sends it). */
export async function waitForMail(to: string, since: number, timeout = 20_000): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await receivedMails()).find((mail) => mail.envelopeTo.includes(to) && Date.parse(mail.receivedAt) >= since);
        return found !== undefined;
      },
      { timeout, message: `a mail to ${to}` },
    )
    .toBe(true);
  return found!;
}

/** The invitation or password-reset link a mail carries. */
export function linkInMail(mail: ReceivedMail): string {
  const link = /^https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]{43}$/m.exec(mail.text)?.[0];
  expect(link, `a link in "${mail.subject}"`).toBeTruthy();
  return link!;
}

/**
 * On /admins (hydrated), as an Owner: fills the invitation dialog and sends it. Returns the dialog
 * that says it was sent (still open), and the link from the mail the invitee received.
 */
export async function openInvitation(page: Page, { email, name, role, profileContextId }: Invitee) {
  await page.getByRole("button", { name: "Invite admin" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite an admin" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption(role);
  if (profileContextId !== undefined) {
    await dialog.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
    await dialog.getByLabel("Profile context").selectOption(String(profileContextId));
  }
  const since = Date.now();
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const reveal = page.getByRole("alertdialog", { name: "Invitation sent" });
  await expect(reveal.getByTestId("link-sent")).toHaveText(`Invitation sent to ${email}.`);
  const mail = await waitForMail(email, since);
  const link = linkInMail(mail);
  return { link, reveal, mail };
}

/** Invites an admin as the signed-in Owner of `page` and returns the invitation link from the mail they got. */
export async function inviteAdmin(page: Page, invitee: Invitee): Promise<string> {
  await page.goto("/admins");
  await waitForHydration(page);
  const { link, reveal } = await openInvitation(page, invitee);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  return link;
}

/**
 * Opens an invitation link in a browser without a session and chooses the password. The new admin is
 * then signed in (an Owner first enrols a second factor, on /mfa).
 */
export async function acceptInvitation(browser: Browser, link: string, password = INVITEE_PASSWORD) {
  const { context, page } = await freshBrowser(browser);
  await page.goto(link);
  await waitForHydration(page);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  return { context, page };
}

/** A new admin (not an Owner: no second factor to enrol), invited by `owner` and signed in in a browser of their own. */
export async function signedInAdmin(owner: Page, browser: Browser, invitee: Omit<Invitee, "role"> & { role: "Editor" | "Auditor" }) {
  const session = await acceptInvitation(browser, await inviteAdmin(owner, invitee));
  await expect(session.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return session;
}

/** A client_credentials token call with client_secret_basic; returns the response. */
export function tokenCall(request: APIRequestContext, clientId: string, secret: string, form: Record<string, string> = {}) {
  return request.post("/oauth/token", {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    form: { grant_type: "client_credentials", ...form },
  });
}

/** A client as the REST API returns it on creation (lib/api/clients/schema.ts). */
export type ApiClient = { id: string; client_id: string; name: string; client_secret?: string; [field: string]: unknown };
export type ApiScope = { id: string; name: string; display_name: string; [field: string]: unknown };

/** The REST API (/api/v0) as an Owner API client: what specs use to make what they need. */
export class PortalApi {
  constructor(readonly request: APIRequestContext) {}

  private async send<T>(method: "POST" | "PUT" | "DELETE", url: string, data?: unknown): Promise<T> {
    const response = await this.request.fetch(url, { method, data });
    if (!response.ok()) throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  }

  /** POST /api/v0/oidc/clients: a confidential ClientCredentials client by default (its secret in `client_secret`). */
  createClient(body: { client_id?: string; name?: string; [field: string]: unknown } = {}): Promise<ApiClient> {
    const clientId = body.client_id ?? uniqueName("client");
    return this.send("POST", "/api/v0/oidc/clients", { name: clientId, ...body, client_id: clientId });
  }

  updateClient(id: string, body: Record<string, unknown>): Promise<ApiClient> {
    return this.send("PUT", `/api/v0/oidc/clients/${id}`, body);
  }

  /** POST /api/v0/scopes. */
  createScope(body: { name?: string; display_name?: string; [field: string]: unknown } = {}): Promise<ApiScope> {
    const name = body.name ?? uniqueName("scope");
    return this.send("POST", "/api/v0/scopes", { display_name: name, ...body, name });
  }

  /** POST /api/v0/scopes/{id}/secrets: returns the new secret's value. */
  async createScopeSecret(id: string, description = "e2e"): Promise<string> {
    return (await this.send<{ secret: string }>("POST", `/api/v0/scopes/${id}/secrets`, { description })).secret;
  }

  /**
   * POST /api/v0/import with a whole-portal JSON document: what it names is created or updated,
   * nothing else changes.
   */
  importConfiguration(document: Record<string, unknown>): Promise<unknown> {
    return this.send("POST", "/api/v0/import", { format: "oidc-admin-portal", version: 1, ...document });
  }

  /** A profile context of its own (the API has no profile-context route: through the import). */
  async createProfileContext({ category = uniqueName("Team"), d0 = "North" }: { category?: string; d0?: string } = {}) {
    const context = { id: uniqueContextId(), category, d0, description: "" };
    await this.importConfiguration({ profile_contexts: [context] });
    return context;
  }

  /** Creates or updates identity providers (Content Hub `open_id_connect` entries) by name. */
  importProviders(entries: object[]): Promise<unknown> {
    return this.importConfiguration({ identity_providers: entries });
  }
}

type ApiCredentials = { clientId: string; secret: string };

/**
 * `test` with `api`: the REST API as an Owner API client. The worker makes that client once, through
 * the portal's form as the signed-in e2e admin; each test gets a fresh token. (Playwright's `use`
 * is named `provide` here: the React hooks lint rule reads `use` as React's.)
 */
export const test = base.extend<{ api: PortalApi }, { apiCredentials: ApiCredentials }>({
  apiCredentials: [
    async ({ browser }, provide) => {
      const context = await browser.newContext({ baseURL, storageState: STORAGE_STATE });
      const page = await context.newPage();
      const clientId = uniqueName("e2e-automation");
      const secret = await createClientInPortal(page, { clientId, displayName: "e2e automation", adminApiAccess: "Owner" });
      await context.close();
      await provide({ clientId, secret });
    },
    { scope: "worker" },
  ],
  api: async ({ playwright, apiCredentials }, provide) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const token = await tokenCall(anonymous, apiCredentials.clientId, apiCredentials.secret);
    expect(token.status()).toBe(200);
    const { access_token } = await token.json();
    await anonymous.dispose();
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${access_token}` } });
    await provide(new PortalApi(request));
    await request.dispose();
  },
});
export { expect };
