import { expectNoAxeViolations } from "./a11y";
import { expect, revealSecret, SCREENSHOTS, test, uniqueName } from "./fixtures";

test("built-in scopes are listed and cannot be deleted", async ({ page }) => {
  await page.goto("/scopes");
  for (const name of ["openid", "profile", "email"]) {
    await expect(page.getByRole("row").filter({ hasText: name }).getByText("built-in")).toBeVisible();
  }
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "openid", exact: true }).click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveAttribute("readonly", "");
  await expect(page.getByRole("button", { name: "Delete scope" })).toHaveCount(0);
});

test("create a scope with a secret that is revealed once", async ({ page }) => {
  const scopeName = `${uniqueName("orders")}.read`;
  await page.goto("/scopes");
  await page.getByRole("button", { name: "New scope" }).click();
  const dialog = page.getByRole("dialog", { name: "New scope" });
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("has space");
  await dialog.getByLabel("Display name").fill("Read orders");
  await dialog.getByRole("button", { name: "Create scope" }).click();
  await expect(dialog.getByText("Use only letters, digits and . _ - : / (no spaces).")).toBeVisible();
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(scopeName);
  await dialog.getByRole("button", { name: "Create scope" }).click();
  await expect(page.getByRole("heading", { level: 1, name: scopeName })).toBeVisible();

  await page.getByRole("button", { name: "New secret" }).click();
  await page.getByRole("dialog", { name: "New secret" }).getByLabel("Description").fill("introspection");
  await page.getByRole("button", { name: "Generate secret" }).click();
  const reveal = page.getByRole("alertdialog", { name: "Copy the new secret now" });
  await expect(reveal).toContainText(scopeName);
  const secret = (await reveal.getByTestId("revealed-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: `${SCREENSHOTS}/scope-secret-reveal.png` });
  await reveal.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByTestId("secret-row")).toContainText(`…${secret.slice(-4)}`);
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/scope-page.png`, fullPage: true });
});

test("a client is allowed the scope in its form; the scope then cannot be deleted", async ({ page, api }) => {
  const run = uniqueName("r");
  const scope = await api.createScope({ name: `orders-${run}.read`, display_name: "Read orders" });
  const scopeName = scope.name;
  await page.goto("/clients/new");
  await page.getByLabel("Client ID").fill(`reporting-${run}`);
  await page.getByLabel("Display name").fill("Reporting");
  // Preset only while one profile exists; other specs (configuration) add profiles.
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  await page.getByRole("group", { name: "Allowed scopes" }).getByLabel(scopeName).check();
  await page.getByRole("button", { name: "Create client" }).click();
  await revealSecret(page);
  await expect(page.getByRole("heading", { level: 1, name: `reporting-${run}` })).toBeVisible();
  await expect(page.getByRole("group", { name: "Allowed scopes" }).getByLabel(scopeName)).toBeChecked();

  await page.goto(`/scopes/${scope.id}`);
  await expect(page.getByRole("link", { name: `reporting-${run}` })).toBeVisible();
  await page.getByRole("button", { name: "Delete scope" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete scope" }).click();
  await expect(page.getByRole("alertdialog")).toContainText(`is allowed for 1 client (reporting-${run}). Remove it from them first.`);
});
