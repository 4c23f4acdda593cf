import { expect, revealSecret, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";

// A profile's secret policy: set on the profiles page, then a client's new secret gets it as its
// default expiry, an over-limit one is refused next to the field, and the older secret that breaks
// it shows in "Needs attention" and in the clients list's filter.

const DAY = 86_400_000;
/** "2026-11-25T14:30" (UTC): what the portal's date-time input takes. */
const utcInput = (date: Date) => date.toISOString().slice(0, 16);

test("secret policy: set on a profile, default expiry, over-limit refused, breakers flagged", async ({ page, api }) => {
  const identifier = uniqueName("Policy").replace(/-/g, "_");
  await api.importConfiguration({ profiles: [{ identifier, display_name: `Policy ${identifier}`, description: "" }] });
  // Made before the policy: its first secret never expires, which the policy will flag.
  const client = await api.createClient({ profile: identifier });

  // Set the policy: 30 days.
  await page.goto("/profiles");
  const profiles = page.getByRole("region", { name: "Profiles", exact: true });
  const row = profiles.getByRole("row").filter({ hasText: identifier });
  await expect(row).toContainText("No limit");
  await waitForHydration(page, "main");
  await profiles.getByRole("button", { name: `Edit ${identifier}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit profile "${identifier}"` });
  const maxDays = dialog.getByLabel("Maximum secret lifetime (days)");
  await maxDays.fill("0");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText("Enter a whole number of days from 1 to 3650, or leave it empty for no limit.")).toBeVisible();
  await maxDays.fill("30");
  await page.screenshot({ path: `${SCREENSHOTS}/secret-policy-profile-form.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/secret-policy-profile-form-390.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("at most 30 days");

  // A new secret gets the policy's default expiry: 30 days from now.
  await page.goto(`/clients/${client.id}`);
  await waitForHydration(page, "main");
  await page.getByRole("button", { name: "New secret" }).click();
  let secretDialog = page.getByRole("dialog", { name: "New secret" });
  const expires = secretDialog.getByLabel("Expires");
  await expect(secretDialog.getByText("The profile's secret policy: at most 30 days from now (the default).")).toBeVisible();
  const prefilled = new Date(`${await expires.inputValue()}:00Z`).getTime();
  expect(Math.abs(prefilled - (Date.now() + 30 * DAY))).toBeLessThan(5 * 60_000);
  await secretDialog.getByLabel("Description").fill("within the policy");
  await secretDialog.getByRole("button", { name: "Generate secret" }).click();
  await revealSecret(page);
  const created = page.getByTestId("secret-row").filter({ hasText: "within the policy" });
  await expect(created).toContainText(new Date(prefilled).getUTCFullYear().toString());

  // Over the limit: refused by the server, next to the field; what was typed stays.
  await page.getByRole("button", { name: "New secret" }).click();
  secretDialog = page.getByRole("dialog", { name: "New secret" });
  await secretDialog.getByLabel("Description").fill("too long");
  await secretDialog.getByLabel("Expires").fill(utcInput(new Date(Date.now() + 45 * DAY)));
  await secretDialog.getByRole("button", { name: "Generate secret" }).click();
  await expect(secretDialog.getByText(/^The profile's policy allows at most 30 days: choose .* UTC or earlier\.$/)).toBeVisible();
  await expect(secretDialog.getByLabel("Expires")).toHaveAttribute("aria-invalid", "true");
  await expect(secretDialog.getByLabel("Description")).toHaveValue("too long");
  await secretDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("secret-row").filter({ hasText: "too long" })).toHaveCount(0);

  // The first secret (never expires) breaks the policy: the dashboard and the list say so.
  await page.goto("/");
  const attention = page.getByTestId("attention");
  const breach = attention.getByTestId("attention-item").filter({ hasText: client.client_id }).and(page.locator('[data-kind="secret-breaks-policy"]'));
  await expect(breach).toContainText("breaks its profile's policy of at most 30 days: it never expires");
  // (Its expiring secret is listed too, among the ten soonest: other specs' secrets may come first.)
  await attention.screenshot({ path: `${SCREENSHOTS}/secret-policy-attention.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await attention.screenshot({ path: `${SCREENSHOTS}/secret-policy-attention-390.png` });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.goto(`/clients?attention=breaks-policy&q=${client.client_id}`);
  await expect(page.getByLabel("Needs attention")).toHaveValue("breaks-policy");
  const listed = page.getByRole("row").filter({ hasText: client.client_id });
  await expect(listed.getByTestId("policy-badge")).toHaveText("breaks policy");
  await expect(listed.getByTestId("expiry-badge")).toHaveText(/^secret: (29|30) days left$/);
  await expect(listed.getByTestId("expiry-badge")).toHaveAttribute("title", /^secret expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  await page.screenshot({ path: `${SCREENSHOTS}/secret-policy-clients-list.png`, fullPage: true });
});
