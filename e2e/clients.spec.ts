import { type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { expect, hydrateForm, revealSecret, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";

// Each test makes the clients it needs (through the REST API unless the form is what it tests).

test("the README's picture of /clients, with a few clients (desktop)", async ({ page, api }) => {
  // First in the file, so a run of this spec alone pictures only these (and the API fixture's client).
  // Fixed names, so the picture reads well; a second run on the same server finds them made (409).
  const clients = [
    { client_id: "orders-api", name: "Orders API", description: "Back-office orders service" },
    { client_id: "shop-web", name: "Web shop", redirect_uris: ["https://shop.example/callback"], token_endpoint_auth_method: "none" },
    { client_id: "nightly-jobs", name: "Nightly jobs", admin_api_role: "Editor" },
    { client_id: "legacy-crm", name: "Legacy CRM", enabled: false },
  ];
  for (const client of clients) {
    const response = await api.request.post("/api/v0/oidc/clients", { data: client });
    expect([201, 409], await response.text()).toContain(response.status());
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/clients");
  for (const { client_id } of clients) await expect(page.getByRole("link", { name: client_id, exact: true })).toBeVisible();
  // E2E_README_SCREENSHOT=1 replaces the README's copy (commit it); other runs leave it alone.
  const path = process.env.E2E_README_SCREENSHOT ? "docs/screenshot-clients.png" : `${SCREENSHOTS}/readme-clients.png`;
  await page.screenshot({ path });
});

const redirectUris = (page: Page) => page.getByRole("textbox", { name: "Redirect URIs", exact: true });

test("creating a ClientCredentials client reveals its secret once; copy works; it never shows again", async ({ page, context }) => {
  const clientId = uniqueName("orders-api");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/clients/new");
  await expectNoAxeViolations(page);
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Display name").fill("Orders API");
  await page.getByLabel("Description").fill("Back-office orders service");
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  await page.getByRole("button", { name: "Create client" }).click();

  const dialog = page.getByRole("alertdialog", { name: "Copy the new secret now" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("This secret will not be shown again.");
  await expect(dialog).toContainText(clientId);
  const firstSecret = (await dialog.getByTestId("revealed-secret").textContent()) ?? "";
  expect(firstSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page, "[role=alertdialog]");
  await page.screenshot({ path: `${SCREENSHOTS}/secret-reveal.png` });

  await dialog.getByRole("button", { name: "Copy secret" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstSecret);

  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await page.waitForURL((url) => /^\/clients\/[^/]+$/.test(url.pathname) && url.pathname !== "/clients/new");
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  await expect(page.getByTestId("secret-row")).toHaveCount(1);
  await expect(page.getByTestId("secret-row")).toContainText(`…${firstSecret.slice(-4)}`);
  expect(await page.content()).not.toContain(firstSecret);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  expect(await page.content()).not.toContain(firstSecret);
  await page.goBack();
  expect(await page.content()).not.toContain(firstSecret);
});

test("rotation: add a second secret, then revoke the first after confirming", async ({ page, api }) => {
  const client = await api.createClient({ name: "Orders API" });
  const firstSecret = client.client_secret!;
  await page.goto(`/clients/${client.id}`);
  await page.getByRole("button", { name: "New secret" }).click();
  const form = page.getByRole("dialog", { name: "New secret" });
  await form.getByLabel("Description").fill("rotation 2");
  await form.getByRole("button", { name: "Generate secret" }).click();
  const second = await revealSecret(page);
  expect(second).not.toBe(firstSecret);
  await expect(page.getByTestId("secret-row")).toHaveCount(2);

  const firstRow = page.getByTestId("secret-row").filter({ hasText: `…${firstSecret.slice(-4)}` });
  await firstRow.getByRole("button", { name: /Revoke/ }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke secret …${firstSecret.slice(-4)}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(firstRow).toContainText("active");

  await firstRow.getByRole("button", { name: /Revoke/ }).click();
  await confirm.getByRole("button", { name: "Revoke secret" }).click();
  await expect(firstRow).toContainText("revoked");
  await expect(page.getByTestId("secret-row").filter({ hasText: "rotation 2" })).toContainText("active");
  expect(await page.content()).not.toContain(second);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/client-page.png`, fullPage: true });
});

test("an invalid redirect URI shows its message next to the field and keeps what was typed", async ({ page }) => {
  const run = uniqueName("r");
  await page.goto("/clients/new");
  await page.getByLabel("Client ID").fill(`web-${run}`);
  await page.getByLabel("Display name").fill("Web shop");
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  await page.getByLabel("Flow").selectOption("AuthorizationCode");
  await redirectUris(page).fill("https://shop.example/callback\nhttp://shop.example/insecure");
  await page.getByRole("button", { name: "Create client" }).click();

  await expect(redirectUris(page)).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await redirectUris(page).getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText('"http://shop.example/insecure" must use https (http is allowed only for localhost).');
  await expect(page.getByLabel("Client ID")).toHaveValue(`web-${run}`);
  await expect(page.getByLabel("Display name")).toHaveValue("Web shop");
  await expect(page.getByLabel("Flow")).toHaveValue("AuthorizationCode");
  await page.screenshot({ path: `${SCREENSHOTS}/client-form-errors.png`, fullPage: true });

  await redirectUris(page).fill("https://shop.example/callback");
  await page.getByLabel("Token endpoint authentication").selectOption("none");
  await page.getByRole("button", { name: "Create client" }).click();
  // A public client has no secret: straight to its page.
  await expect(page.getByRole("heading", { level: 1, name: `web-${run}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Secrets" })).toHaveCount(0);
});

test("the form works before its code arrives: what is typed stays and the submit is held, then checked", async ({ page }) => {
  const run = uniqueName("r");
  // The form is server-rendered and hydrated at the first interaction (components/ui/island.tsx);
  // hold its code back until the test lets it go, so that everything below happens on the server's
  // HTML however fast or slow the machine is.
  let holdBack = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    if (holdBack) await released;
    await route.continue();
  });
  await page.goto("/clients/new");
  holdBack = true;
  const hydrated = () => page.locator("main form").evaluate((form) => Object.keys(form).some((key) => key.startsWith("__reactFiber")));
  expect(await hydrated()).toBe(false);

  await page.getByLabel("Client ID").fill(`early-${run}`);
  await page.getByLabel("Display name").fill("Typed early");
  await page.getByLabel("Flow").selectOption("AuthorizationCode");
  await redirectUris(page).fill("http://shop.example/insecure");
  await page.getByRole("button", { name: "Create client" }).click();
  expect(await hydrated()).toBe(false);
  release();

  // Once hydrated, the held submit goes through the form's checks with the typed values.
  await expect(redirectUris(page)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Client ID")).toHaveValue(`early-${run}`);
  await expect(page.getByLabel("Display name")).toHaveValue("Typed early");
  await expect(page.getByLabel("Flow")).toHaveValue("AuthorizationCode");
  await expect(redirectUris(page)).toHaveValue("http://shop.example/insecure");
  expect(new URL(page.url()).search).toBe("");
});

test("the server refuses a taken client_id next to the field, and the typed values stay", async ({ page, api }) => {
  const { client_id } = await api.createClient();
  await page.goto("/clients/new");
  await page.getByLabel("Client ID").fill(client_id);
  await page.getByLabel("Display name").fill("Duplicate");
  await page.getByLabel("Description").fill("typed text survives");
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByText("A client with this client_id already exists.")).toBeVisible();
  await expect(page.getByLabel("Client ID")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Description")).toHaveValue("typed text survives");
  await expect(page.getByLabel("Display name")).toHaveValue("Duplicate");
});

test("two admins edit the same client: the second save is refused and keeps the edits", async ({ page, api }) => {
  const clientUrl = `/clients/${(await api.createClient({ name: "Orders API" })).id}`;
  await page.goto(clientUrl);
  await waitForHydration(page);
  const other = await page.context().newPage(); // same signed-in session, another tab
  await other.goto(clientUrl);
  await waitForHydration(other);

  await page.getByLabel("Display name").fill("Orders API (first)");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Saved.");

  await other.getByLabel("Display name").fill("Orders API (second)");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByTestId("form-message")).toContainText("changed by someone else since you opened it");
  await expect(other.getByLabel("Display name")).toHaveValue("Orders API (second)");
  await other.close();

  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue("Orders API (first)");
});

test("the clients table searches, filters and sorts", async ({ page, api }) => {
  const run = uniqueName("t");
  const clientId = `orders-api-${run}`;
  await api.createClient({ client_id: clientId, name: "Orders API" });
  await api.createClient({ client_id: `web-${run}`, name: "Web shop", redirect_uris: ["https://shop.example/callback"], token_endpoint_auth_method: "none" });
  await page.goto("/clients");
  await expectNoAxeViolations(page);
  await waitForHydration(page);
  // The list follows the typing (no Apply button with script).
  await page.getByLabel("Search").fill(run);
  await expect(page).toHaveURL(new RegExp(`q=${run}`));
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  const clientIdHeader = page.getByRole("columnheader", { name: /Client ID/ });
  await page.getByRole("link", { name: /Client ID/ }).click();
  await expect(clientIdHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(rows.first()).toContainText(clientId);
  await page.getByRole("link", { name: /Client ID/ }).click();
  await expect(clientIdHeader).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first()).toContainText(`web-${run}`);
  await page.screenshot({ path: `${SCREENSHOTS}/clients-table.png`, fullPage: true });

  await page.getByLabel("Status").selectOption("disabled");
  await expect(page.getByText("No clients match these filters.")).toBeVisible();
});

test("disable, then delete a client after confirming", async ({ page, api }) => {
  const client = await api.createClient();
  const clientId = client.client_id;
  const clientUrl = `/clients/${client.id}`;
  await api.request.post(`/api/v0/oidc/clients/${client.id}/secrets`, { data: { description: "second" } });
  await page.goto(clientUrl);
  await page.getByRole("button", { name: "Disable client" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable client" }).click();
  await expect(page.getByText("disabled", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Delete client" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete ${clientId}?` });
  await expect(confirm).toContainText("2 secrets");
  await confirm.getByRole("button", { name: "Delete client" }).click();
  await expect(page).toHaveURL(/\/clients$/);
  // A full load of the deleted client's page: 404 on the status line (lib/auth/page-gate.ts).
  expect((await page.goto(clientUrl))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("owners and contacts: typed in the form, checked, shown on the client page, the list and the hand-over sheet", async ({ page }) => {
  const id = uniqueName("owned");
  await page.goto("/clients/new");
  await waitForHydration(page);
  await page.getByLabel("Client ID").fill(id);
  await page.getByLabel("Display name").fill("Owned client");
  await page.getByLabel("Flow").selectOption("AuthorizationCode");
  await redirectUris(page).fill("https://owned.example/cb");
  await page.getByLabel("Token endpoint authentication").selectOption("none");
  // Other specs may have made more profiles: the form preselects one only when there is one.
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  await page.getByLabel("Owners").fill("Team Payments\npayments-lead@example.com");
  await page.getByLabel("Contacts").fill("not-an@email");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByText('"not-an@email" is not a valid email address.')).toBeVisible();
  await page.getByLabel("Contacts").fill("oncall@example.com");
  await page.getByRole("button", { name: "Create client" }).click();
  await page.waitForURL((url) => /^\/clients\/[^/]+$/.test(url.pathname) && url.pathname !== "/clients/new");

  await expect(page.getByTestId("client-owners")).toHaveText("Team Payments, payments-lead@example.com");
  await expect(page.getByTestId("client-contacts")).toHaveText("oncall@example.com");
  await expect(page.getByLabel("Owners")).toHaveValue("Team Payments\npayments-lead@example.com");

  await page.getByRole("link", { name: "Hand-over sheet" }).click();
  await expect(page.getByRole("heading", { name: "Client hand-over sheet" })).toBeVisible();
  await expect(page.getByText("oncall@example.com")).toBeVisible();
  await expect(page.getByText("payments-lead@example.com")).toBeVisible();

  await page.goto(`/clients?q=${id}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr").getByTestId("client-owners")).toHaveText("Owners: Team Payments, payments-lead@example.com");
});

test("documentation URL: https only in the form, a link on the client page and the hand-over sheet, in the API", async ({ page, api }) => {
  const client = await api.createClient({ documentation_url: "https://wiki.example.com/runbooks/documented" });
  expect(client.documentation_url).toBe("https://wiki.example.com/runbooks/documented");
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByTestId("client-documentation-url").getByRole("link")).toHaveAttribute("href", "https://wiki.example.com/runbooks/documented");
  await hydrateForm(page, "form[aria-label='Edit client']");
  await page.getByLabel("Documentation").fill("http://wiki.example.com/runbooks/documented");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Use an https URL, e.g. https://wiki.example.com/runbooks/orders.")).toBeVisible();
  await page.getByLabel("Documentation").fill("https://wiki.example.com/runbooks/v2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByTestId("client-documentation-url")).toHaveText("https://wiki.example.com/runbooks/v2");

  await page.getByRole("link", { name: "Hand-over sheet" }).click();
  await expect(page.getByRole("heading", { name: "Client hand-over sheet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "https://wiki.example.com/runbooks/v2" })).toHaveAttribute("href", "https://wiki.example.com/runbooks/v2");
  const stored = await api.request.get(`/api/v0/oidc/clients/${client.id}`);
  expect((await stored.json()).documentation_url).toBe("https://wiki.example.com/runbooks/v2");
});
