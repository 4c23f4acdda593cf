import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { expect, SCREENSHOTS, test as base, uniqueName, waitForHydration } from "./fixtures";

// Identity providers in the portal: each test makes its own provider (through the form, or through
// the REST API's import) against the spec's own discovery document, and disables what it leaves
// enabled, so the sign-in page of the other specs stays as it was.

/** A provider name of the test's own, and the client secret its entries carry. */
function newProvider() {
  const name = uniqueName("corp");
  return { name, secret: secretOf(name) };
}
const secretOf = (name: string) => `e2e-provider-secret-${name}`;

/** A provider as the import takes it (Content Hub `open_id_connect` entry), with what the create test types into the form. */
function providerEntry(name: string, overrides: Record<string, unknown> = {}) {
  return {
    provider_name: name,
    authentication_mode: "Passive",
    client_id: "portal-client",
    client_secret: secretOf(name),
    authority: issuer,
    authentication_method: "redirect_get",
    response_type: "code id_token",
    response_mode: "form_post",
    prompt: "select_account",
    max_age: 3600,
    scope: ["openid", "profile", "email"],
    email_claim_type: "email",
    messages: { signIn: "T_SignIn_Corp" },
    ...overrides,
  };
}

/**
 * `test` with `providers`: makes a provider through the REST API's import (disabled unless asked),
 * and after the test disables every provider it was told of (`leaveDisabled`).
 */
const test = base.extend<{
  providers: { create: (overrides?: Record<string, unknown>) => Promise<{ name: string; secret: string }>; leaveDisabled: (name: string) => void };
}>({
  providers: async ({ api }, provide) => {
    const enabled: string[] = [];
    await provide({
      create: async (overrides = {}) => {
        const { name, secret } = newProvider();
        await api.importProviders([providerEntry(name, { is_enabled: false, ...overrides })]);
        if (overrides.is_enabled === true) enabled.push(name);
        return { name, secret };
      },
      leaveDisabled: (name) => void enabled.push(name),
    });
    if (enabled.length) await api.importProviders(enabled.map((name) => providerEntry(name, { is_enabled: false })));
  },
});

// A tiny OpenID provider of the test's own: only its discovery document, on loopback (http is fine there).
let idp: http.Server;
let issuer = "";

test.beforeAll(async () => {
  idp = http.createServer((req, res) => {
    if (req.url !== "/.well-known/openid-configuration") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code", "code id_token", "id_token"],
        response_modes_supported: ["query", "fragment", "form_post"],
        prompt_values_supported: ["none", "login", "consent", "select_account"],
        scopes_supported: ["openid", "profile", "email"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      }),
    );
  });
  await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => idp.close(() => resolve())));

/** Opens a provider's page from the list; returns its URL. */
async function openProvider(page: Page, name: string): Promise<string> {
  await page.goto("/providers");
  await page.getByTestId("provider-row").filter({ hasText: name }).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url();
}

/** A control by its whole label (required fields end in " *"). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`));

/** The error text tied to a control through aria-describedby. */
async function fieldError(page: Page, label: string) {
  const describedBy = (await field(page, label).getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  return errorId ? page.locator(`[id="${errorId}"]`) : page.locator("#no-error");
}

async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: file.suggestedFilename(), json: JSON.parse(fs.readFileSync((await file.path())!, "utf8")) as { open_id_connect: Record<string, unknown>[] } };
}

test("the list starts empty or lists providers, and passes axe", async ({ page }) => {
  await page.goto("/providers");
  await expect(page.getByRole("heading", { level: 1, name: "Identity providers" })).toBeVisible();
  if (await page.getByText("No identity providers yet").isVisible()) {
    await page.screenshot({ path: `${SCREENSHOTS}/providers-empty.png`, fullPage: true });
  }
  await expectNoAxeViolations(page);
});

test("create a provider: field errors, redirect URI, test connection, write-only secret", async ({ page, context, providers }) => {
  const { name, secret } = newProvider();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/providers");
  await page.getByRole("link", { name: "New provider" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "New identity provider" })).toBeVisible();
  await expectNoAxeViolations(page);

  await field(page, "Provider name").fill(name);
  await expect(page.getByTestId("redirect-uri")).toHaveText(new RegExp(`^http://localhost:\\d+/signin-${name}$`));
  await page.getByRole("button", { name: "Copy redirect URI" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/signin-${name}$`));

  await field(page, "Authentication mode").selectOption("Passive");
  await field(page, "Client ID").fill("portal-client");
  await field(page, "Client secret").fill(secret);
  await field(page, "Authority").fill(issuer);
  await expect(field(page, "Metadata address")).toHaveAttribute("placeholder", `${issuer}/.well-known/openid-configuration`);
  await field(page, "Response type").selectOption("code id_token");
  await field(page, "Response mode").selectOption("query");
  await field(page, "Prompt").selectOption("select_account");
  await field(page, "Max age (seconds)").fill("3600");
  await field(page, "Additional scopes").fill("profile email");
  await field(page, "Email claim type").fill("email");
  await field(page, "Sign-in button").fill("T_SignIn_Corp");
  await page.getByRole("button", { name: "Create provider" }).click();

  await expect(field(page, "Response mode")).toHaveAttribute("aria-invalid", "true");
  await expect(await fieldError(page, "Response mode")).toHaveText(
    'response_type "code id_token" returns tokens from the authorization endpoint, so it cannot use response_mode "query". Choose form_post.',
  );
  await expect(page).toHaveURL(/\/providers\/new$/);
  await expect(field(page, "Provider name")).toHaveValue(name);
  await page.screenshot({ path: `${SCREENSHOTS}/providers-form-errors.png`, fullPage: true });

  await field(page, "Response mode").selectOption("form_post");
  await expect(field(page, "Response mode")).not.toHaveAttribute("aria-invalid", "true");

  // Test connection against the test's own discovery document.
  await page.getByRole("button", { name: "Test connection" }).click();
  const result = page.getByTestId("connection-result");
  await expect(result).toContainText("Connection OK: every check passed.");
  const checks = result.getByRole("list", { name: "Connection checks" }).getByRole("listitem");
  await expect(checks).toHaveCount(7);
  await expect(result.locator('[data-status="fail"]')).toHaveCount(0);
  await expect(result).toContainText(`response_type "code id_token" supported`);
  await expect(result).toContainText(`prompt "select_account" supported`);
  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/providers-test-connection.png`, fullPage: true });

  // A scope the provider does not list fails its check.
  await field(page, "Additional scopes").fill("profile orders.read");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(result).toContainText("1 check failed.");
  await expect(result.locator('[data-status="fail"]')).toContainText("Not supported: orders.read.");
  await field(page, "Additional scopes").fill("profile email");

  await page.getByRole("button", { name: "Create provider" }).click();
  await page.waitForURL((url) => /^\/providers\/[^/]+$/.test(url.pathname) && url.pathname !== "/providers/new");
  providers.leaveDisabled(name);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("secret-state")).toHaveText("A secret is set.");
  await expect(field(page, "Response type")).toHaveValue("code id_token");
  await expect(field(page, "Additional scopes")).toHaveValue("profile email");
  // Write-only: neither the secret nor its ciphertext comes to the browser.
  const html = await page.content();
  expect(html).not.toContain(secret);
  expect(html).not.toMatch(/v1\.[0-9a-f]{8}\./);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/providers-edit.png`, fullPage: true });
});

test("edit: save, replace the secret, and a stale save is refused with the edits kept", async ({ page, browser, providers }) => {
  const { name, secret } = await providers.create();
  const providerUrl = await openProvider(page, name);
  await waitForHydration(page);
  await field(page, "Client ID").fill("portal-client-2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Saved.");
  await expect(page.getByTestId("secret-state")).toHaveText("A secret is set.");

  await page.getByRole("button", { name: "Replace" }).click();
  await expect(field(page, "New client secret")).toBeFocused();
  await expect(field(page, "New client secret")).toHaveValue("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(await fieldError(page, "New client secret")).toHaveText("Enter the new client secret, or cancel replacing it.");
  await field(page, "New client secret").fill(`${secret}-2`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Saved.");
  await expect(page.getByTestId("secret-state")).toHaveText("A secret is set.");

  const other = await browser.newPage();
  await other.goto(providerUrl);
  await waitForHydration(other);
  await field(page, "Username claim type").fill("preferred_username");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Saved.");
  await field(other, "Username claim type").fill("upn");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByTestId("form-message")).toContainText("changed by someone else since you opened it");
  await expect(field(other, "Username claim type")).toHaveValue("upn");
  await other.close();
});

test("the list shows mode, status, authority and redirect URI; export, re-import, invalid import", async ({ page, providers }) => {
  // As the edit test leaves it.
  const { name, secret } = await providers.create({
    is_enabled: true,
    client_id: "portal-client-2",
    username_claim_type: "preferred_username",
  });
  await page.goto("/providers");
  const row = page.getByTestId("provider-row").filter({ hasText: name });
  await expect(row).toContainText("Passive");
  await expect(row).toContainText("enabled");
  await expect(row).toContainText(issuer);
  await expect(row).toContainText(`/signin-${name}`);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/providers-list.png`, fullPage: true });

  const plain = await download(page, () => page.getByRole("button", { name: "Export all providers" }).click());
  expect(plain.name).toBe("identity-providers.json");
  const entry = plain.json.open_id_connect.find((e) => e.provider_name === name)!;
  expect(entry).toMatchObject({
    authentication_mode: "Passive",
    client_id: "portal-client-2",
    authority: issuer,
    response_type: "code id_token",
    response_mode: "form_post",
    prompt: "select_account",
    max_age: 3600,
    scope: ["openid", "profile", "email"],
    username_claim_type: "preferred_username",
    messages: { signIn: "T_SignIn_Corp" },
  });
  expect(entry).not.toHaveProperty("client_secret");

  await page.getByLabel("Include client secrets").check();
  const withSecrets = await download(page, () => page.getByRole("button", { name: "Export all providers" }).click());
  expect(withSecrets.json.open_id_connect.find((e) => e.provider_name === name)?.client_secret).toBe(secret);

  // Re-import the export (without secrets), with one change.
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog", { name: "Import providers" });
  const document = { open_id_connect: [{ ...entry, client_id: "from-import" }] };
  await dialog.getByLabel("Or paste the document").fill(JSON.stringify(document, null, 2));
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByRole("status")).toHaveText(`Imported 1 provider: updated ${name}.`);
  await expectNoAxeViolations(page, "[role=dialog]");

  // An invalid document: every problem by entry and field, nothing imported.
  const invalid = {
    open_id_connect: [
      { ...entry, client_id: "must-not-land", response_type: "code id_token", response_mode: "query" },
      { ...entry, provider_name: "bad name", authority: "http://idp.example" },
    ],
  };
  await dialog.getByLabel("Or paste the document").fill(JSON.stringify(invalid));
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported.");
  const problems = alert.getByRole("list", { name: "Problems" }).getByRole("listitem");
  await expect(problems).toHaveCount(3);
  await expect(problems.filter({ hasText: "open_id_connect[0].response_mode" })).toContainText('cannot use response_mode "query"');
  await expect(problems.filter({ hasText: "open_id_connect[1].provider_name" })).toBeVisible();
  await expect(problems.filter({ hasText: "open_id_connect[1].authority" })).toContainText("must use https");
  await page.screenshot({ path: `${SCREENSHOTS}/providers-import-errors.png` });
  await dialog.getByRole("button", { name: "Close" }).click();

  await openProvider(page, name);
  await expect(field(page, "Client ID")).toHaveValue("from-import");
  await expect(page.getByTestId("secret-state")).toHaveText("A secret is set.");
});

test("delete a provider after confirming", async ({ page, providers }) => {
  const { name } = await providers.create();
  await page.goto("/providers");
  const row = page.getByTestId("provider-row").filter({ hasText: name });
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete provider "${name}"?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await confirm.getByRole("button", { name: "Delete provider" }).click();
  await expect(row).toHaveCount(0);
});
