import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS } from "./fixtures";

// Unique per run, so a rerun against the same database does not collide.
const suffix = Date.now().toString(36);
const identifier = `RoleOfficer_${suffix}`;
const contextId = -(1000 + (Date.now() % 1_000_000));
const category = `Department ${suffix}`;

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("profiles and profile contexts: create, edit, field errors, delete", async ({ page }) => {
  await page.goto("/profiles");
  await expect(page.getByRole("heading", { level: 1, name: "Profiles" })).toBeVisible();
  const profiles = section(page, "Profiles");
  const contexts = section(page, "Profile contexts");
  if (await contexts.getByText("No profile contexts yet").isVisible()) {
    await expect(contexts.getByRole("button", { name: "New profile context" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/profiles-empty-contexts.png`, fullPage: true });
  }

  // Create a profile through the modal.
  await profiles.getByRole("button", { name: "New profile" }).click();
  let dialog = page.getByRole("dialog", { name: "New profile" });
  await dialog.getByLabel("Identifier").fill(identifier);
  await dialog.getByLabel("Display name").fill("Role officer");
  await dialog.getByLabel("Description").fill("Manages roles within one category");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog).toBeHidden();
  const profileRow = profiles.getByRole("row").filter({ hasText: identifier });
  await expect(profileRow).toContainText("Role officer");
  await expect(profileRow).toContainText("Manages roles within one category");
  await expect(profileRow.getByRole("cell").nth(3)).toHaveText("0");

  // A duplicate identifier is refused by the server, next to the field; what was typed stays.
  await profiles.getByRole("button", { name: "New profile" }).click();
  dialog = page.getByRole("dialog", { name: "New profile" });
  await dialog.getByLabel("Identifier").fill(identifier);
  await dialog.getByLabel("Display name").fill("Second officer");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog.getByText(`The identifier "${identifier}" is already used by another profile.`)).toBeVisible();
  await expect(dialog.getByLabel("Identifier")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Identifier")).toHaveValue(identifier);
  await expect(dialog.getByLabel("Display name")).toHaveValue("Second officer");
  await expect(dialog.getByRole("alert").filter({ hasText: "Some fields need attention." })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/profiles-duplicate.png` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // Edit the profile: the same form, prefilled.
  await profiles.getByRole("button", { name: `Edit ${identifier}` }).click();
  dialog = page.getByRole("dialog", { name: `Edit profile "${identifier}"` });
  await expect(dialog.getByLabel("Identifier")).toHaveValue(identifier);
  await dialog.getByLabel("Display name").fill("Role officer by category");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(profileRow).toContainText("Role officer by category");

  // A profile context Id above -2 is refused in the browser, before anything is sent.
  const posts: string[] = [];
  page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
  await contexts.getByRole("button", { name: "New profile context" }).click();
  dialog = page.getByRole("dialog", { name: "New profile context" });
  await dialog.getByLabel("Id").fill("-1");
  await dialog.getByLabel("Category").fill(category);
  await dialog.getByLabel("D0").fill("42");
  await dialog.getByRole("button", { name: "Create profile context" }).click();
  await expect(dialog.getByText("A profile context Id must be -2 or lower.")).toBeVisible();
  await expect(dialog.getByLabel("Id")).toHaveAttribute("aria-invalid", "true");
  expect(posts).toEqual([]);

  await dialog.getByLabel("Id").fill(String(contextId));
  await dialog.getByLabel("Description").fill("Sales department");
  await dialog.getByRole("button", { name: "Create profile context" }).click();
  await expect(dialog).toBeHidden();
  const contextRow = contexts.getByRole("row").filter({ hasText: category });
  await expect(contextRow).toContainText(String(contextId));
  await expect(contextRow).toContainText("Sales department");

  // Edit the context: its Id is shown read-only.
  await contexts.getByRole("button", { name: `Edit profile context ${contextId}` }).click();
  dialog = page.getByRole("dialog", { name: `Edit profile context ${contextId}` });
  await expect(dialog.getByLabel("Id")).toHaveValue(String(contextId));
  await expect(dialog.getByLabel("Id")).toHaveAttribute("readonly", "");
  await dialog.getByLabel("D0").fill("43");
  await page.screenshot({ path: `${SCREENSHOTS}/profiles-context-edit.png` });
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(contextRow.getByRole("cell").nth(2)).toHaveText("43");

  await page.screenshot({ path: `${SCREENSHOTS}/profiles.png`, fullPage: true });
  // Dark mode, reloaded so no colour transition is caught halfway.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(contextRow).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/profiles-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.reload();

  // Delete both, each after confirming.
  await contexts.getByRole("button", { name: `Delete profile context ${contextId}` }).click();
  let confirm = page.getByRole("alertdialog", { name: `Delete profile context ${contextId} ${category}/43?` });
  await confirm.getByRole("button", { name: "Delete profile context" }).click();
  await expect(confirm).toBeHidden();
  await expect(contextRow).toHaveCount(0);

  await profiles.getByRole("button", { name: `Delete ${identifier}` }).click();
  confirm = page.getByRole("alertdialog", { name: `Delete profile "${identifier}"?` });
  await confirm.getByRole("button", { name: "Delete profile" }).click();
  await expect(confirm).toBeHidden();
  await expect(profileRow).toHaveCount(0);
});
