import { expectNoAxeViolations } from "./a11y";
import { createClientInPortal, E2E_ADMIN, expect, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";

test("creating a client shows up in the audit log, newest first, and the filters narrow it", async ({ page }) => {
  const clientId = uniqueName("audited-api");
  await createClientInPortal(page, { clientId, displayName: "Audited API" });
  const internalId = new URL(page.url()).pathname.split("/").pop()!;

  // The whole log: this client's two events, the secret (written last) first.
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  const ours = table.getByTestId("audit-row").filter({ hasText: clientId });
  await expect(ours).toHaveCount(2);
  await expect(ours.nth(0)).toContainText("secret.created");
  await expect(ours.nth(1)).toContainText("client.created");
  await expect(ours.nth(1)).toContainText("displayName: — → Audited API");
  await expect(ours.nth(1)).toContainText(E2E_ADMIN.email);
  await expect(ours.nth(1).locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  await expect(ours.nth(1).getByRole("link", { name: clientId })).toHaveAttribute("href", `/clients/${internalId}`);

  // Filter by target (the client_id) and by actor through the form: the list follows the typing.
  await waitForHydration(page);
  await page.getByLabel("Target", { exact: true }).fill(clientId);
  await page.getByLabel("Actor").fill(E2E_ADMIN.email);
  await page.waitForURL((url) => url.searchParams.get("target") === clientId && url.searchParams.get("actor") === E2E_ADMIN.email);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("secret.created");
  await expect(rows.nth(1)).toContainText("client.created");
  await expect(page.getByRole("link", { name: "Clear filters" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/audit.png`, fullPage: true });

  // Add the action filter: only the creation is left.
  await page.getByLabel("Action").selectOption("client.created");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("client.created");

  // An actor nobody has (unique: other specs sign in as nobody@… to see a refusal): the empty state.
  await page.goto(`/audit?actor=${encodeURIComponent(`${uniqueName("nobody")}@example.test`)}`);
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the client page links to its audit log (filtered by its internal id)", async ({ page, api }) => {
  const { client_id: clientId } = await api.createClient({ name: "Audited API" });
  await page.goto(`/audit?target=${encodeURIComponent(clientId)}&action=client.created`);
  await page.getByTestId("audit-row").first().getByRole("link", { name: clientId }).click();
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  await page.getByRole("link", { name: "Audit log for this client" }).click();
  await page.waitForURL((url) => url.pathname === "/audit" && Boolean(url.searchParams.get("target")));
  await expect(page.getByLabel("Target", { exact: true })).toHaveValue(/^c[a-z0-9]+$/);
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  await expect(page.getByTestId("audit-row").first()).toContainText("secret.created");
});
