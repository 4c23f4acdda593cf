import { expect, test, type Locator, type Page } from "@playwright/test";
import { createClientInPortal, E2E_ADMIN, inviteAdmin, SCREENSHOTS, uniqueName, waitForHydration } from "./fixtures";

// The lists (one table component, components/ui/data-table.tsx): on a 390 px phone every row keeps
// its actions within the screen, without sideways scrolling; search runs as you type and keeps the
// URL; dates read the same everywhere. Each test makes what it needs, so the order does not matter.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Within the phone's width as laid out: not pushed off to the right inside a sideways-scrolling box. */
async function expectWithinWidth(element: Locator, width: number) {
  await expect(element).toBeVisible();
  const box = (await element.boundingBox())!;
  expect(box.x, `${await element.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${await element.textContent()} ends on screen`).toBeLessThanOrEqual(width);
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("on a 390 px phone the rows of /clients and /admins keep their actions on screen", async ({ page }) => {
  // A client, an invitation and six page loads: more than one page's time on a busy machine.
  test.setTimeout(120_000);
  const clientId = uniqueName("phone");
  const email = `${clientId}@example.test`;
  await createClientInPortal(page, { clientId, displayName: "Phone check" });
  await inviteAdmin(page, { email, name: "Phone check", role: "Auditor" });

  await page.setViewportSize(PHONE);
  await page.goto(`/clients?q=${clientId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  // Every cell of the row is on screen: its status and dates too, not only the link.
  const clientRow = page.locator("tr", { has: page.getByRole("link", { name: clientId }) });
  for (const cell of await clientRow.locator("td").all()) await expectWithinWidth(cell, PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}/lists-clients-390.png`, fullPage: true });

  await page.goto("/admins");
  await expect(page.getByRole("heading", { level: 1, name: "Admins" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  const row = page.getByTestId(`admin-row-${email}`);
  const actions = row.getByRole("button");
  expect(await actions.count()).toBeGreaterThanOrEqual(2);
  for (const action of await actions.all()) await expectWithinWidth(action, PHONE.width);
  for (const cell of await row.locator("td").all()) await expectWithinWidth(cell, PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}/lists-admins-390.png`, fullPage: true });

  // The same lists on a desktop, for the record (e2e/lists screenshots).
  await page.setViewportSize(DESKTOP);
  await page.goto("/admins");
  await expect(row.getByRole("button").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/lists-admins-1280.png`, fullPage: true });
  await page.goto("/clients");
  await expect(page.getByRole("link", { name: clientId })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/lists-clients-1280.png`, fullPage: true });
});

test("client search runs as you type, keeps the URL, and the sort survives", async ({ page }) => {
  test.setTimeout(120_000);
  const typed = uniqueName("typed");
  const first = `${typed}-alpha`;
  const second = `${typed}-beta`;
  await createClientInPortal(page, { clientId: first });
  await createClientInPortal(page, { clientId: second });
  await page.goto("/clients?sort=clientId&dir=asc");
  await waitForHydration(page);
  const search = page.getByRole("searchbox", { name: "Search" });
  // Typed as a person types, with a pause long enough for a search to run in between: the field
  // keeps its focus and every letter while the list follows.
  await search.pressSequentially(typed, { delay: 40 });
  await expect(page).toHaveURL(new RegExp(`[?&]q=${typed}(&|$)`));
  await search.pressSequentially("-al", { delay: 40 });
  await expect(page).toHaveURL(new RegExp(`[?&]q=${typed}-al(&|$)`));
  await expect(search).toBeFocused();
  await expect(search).toHaveValue(`${typed}-al`);
  await expect(page).toHaveURL(/sort=clientId/);
  await expect(page.getByRole("link", { name: first })).toBeVisible();
  await expect(page.getByRole("link", { name: second })).toHaveCount(0);
  // The address is the list: opened afresh, it shows the same.
  await page.goto(page.url());
  await expect(search).toHaveValue(`${typed}-al`);
  await expect(page.getByRole("link", { name: second })).toHaveCount(0);
  // Clearing the filters by the link empties the field too.
  await waitForHydration(page);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(search).toHaveValue("");
});

test("dates on Admins read as everywhere else: day, month, year and time in UTC", async ({ page }) => {
  await page.goto("/admins");
  const me = page.getByTestId(`admin-row-${E2E_ADMIN.email}`);
  await expect(me.locator("time").first()).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
  await page.goto("/account");
  await expect(page.locator("main time").first()).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
});
