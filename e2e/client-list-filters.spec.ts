import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { expect, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";

// The clients list's filters (docs/decisions/029-client-list-filters.md): applied from the form, kept
// in the URL (a reload or a shared link shows the same view), sortable on every column, usable by
// keyboard and on a 390 px phone. The spec makes its own clients through the REST API.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** The client ids the list shows, in its order (only this run's). */
const listed = async (page: Page, tag: string) =>
  (
    await page
      .locator("table")
      .getByRole("link", { name: new RegExp(`^${tag}-`) })
      .allTextContents()
  ).map((id) => id.slice(tag.length + 1));

test("filters apply from the form, stay in the URL across a reload, and every column sorts", async ({ page, api }) => {
  test.setTimeout(120_000);
  const tag = uniqueName("flt");
  await api.createClient({
    client_id: `${tag}-web`,
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "client_secret_post",
    redirect_uris: [`https://app.${tag}.example.com/cb`],
    owners: [`team-${tag}`],
  });
  await api.createClient({
    client_id: `${tag}-spa`,
    flow: "AuthorizationCode",
    token_endpoint_auth_method: "none",
    redirect_uris: [`https://spa.${tag}.example.org/cb`],
    enabled: false,
  });
  await api.createClient({ client_id: `${tag}-jobs`, owners: [`Team-${tag}`], contacts: ["oncall@example.com"] });

  await page.setViewportSize(DESKTOP);
  await page.goto(`/clients?q=${tag}&sort=clientId&dir=asc`);
  await waitForHydration(page);
  expect(await listed(page, tag)).toEqual(["jobs", "spa", "web"]);
  await expect(page.getByTestId("client-count")).toHaveText(/^3 clients match/);

  // "More filters" is a disclosure: opened from the keyboard.
  const more = page.getByText("More filters", { exact: true });
  await more.focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("Flow", { exact: true }).selectOption("AuthorizationCode");
  await expect(page).toHaveURL(/[?&]flow=AuthorizationCode(&|$)/);
  await expect.poll(() => listed(page, tag)).toEqual(["spa", "web"]);
  await page.getByRole("searchbox", { name: "Redirect URI host" }).fill(`${tag}.example.com`);
  await expect(page).toHaveURL(new RegExp(`[?&]host=${tag}\\.example\\.com(&|$)`));
  await expect.poll(() => listed(page, tag)).toEqual(["web"]);
  await expect(page.getByTestId("client-count")).toHaveText(/^1 client match/);
  await expect(page).toHaveURL(/sort=clientId/);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/client-list-filters-1280.png`, fullPage: true });

  // The address is the view: opened afresh, the same filters, open, and the same rows.
  await page.goto(page.url());
  await expect(page.getByLabel("Flow", { exact: true })).toHaveValue("AuthorizationCode");
  await expect(page.getByRole("searchbox", { name: "Redirect URI host" })).toHaveValue(`${tag}.example.com`);
  await expect(page.getByText("More filters (2 in use)")).toBeVisible();
  expect(await listed(page, tag)).toEqual(["web"]);

  await waitForHydration(page);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/clients$/);

  // Owner or contact: the whole entry, case aside; then sort by a column's header, both ways.
  await page.goto(`/clients?q=${tag}&owner=TEAM-${tag}`);
  await expect.poll(async () => (await listed(page, tag)).sort()).toEqual(["jobs", "web"]);
  const flowHeader = page.getByRole("columnheader", { name: "Flow" });
  await flowHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=flow&dir=asc/);
  await expect(flowHeader).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => listed(page, tag)).toEqual(["web", "jobs"]);
  await flowHeader.getByRole("link").click();
  // Descending is the default direction, so the URL leaves it out.
  await expect(page).toHaveURL(/[?&]sort=flow$/);
  await expect(flowHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => listed(page, tag)).toEqual(["jobs", "web"]);
  for (const header of ["Client ID", "Display name", "Flow", "Profile", "Status", "Expires", "Modified"]) {
    await expect(page.getByRole("columnheader", { name: header }).getByRole("link")).toBeVisible();
  }

  // A hand-edited URL with nonsense still shows the list, unfiltered where the value is unknown.
  const response = await page.goto(`/clients?q=${tag}&flow=Password&type=secret&sort=nope&context=abc`);
  expect(response?.status()).toBe(200);
  expect((await listed(page, tag)).sort()).toEqual(["jobs", "spa", "web"]);
});

test("on a 390 px phone the filters fold behind More filters and nothing scrolls sideways", async ({ page, api }) => {
  const tag = uniqueName("fltphone");
  await api.createClient({ client_id: `${tag}-one`, owners: ["team-phone"] });
  await page.setViewportSize(PHONE);
  await page.goto(`/clients?q=${tag}`);
  await waitForHydration(page);
  await expect(page.getByLabel("Flow", { exact: true })).toBeHidden();
  await expect(page.getByTestId("client-count")).toHaveText(/^1 client match/);
  await page.screenshot({ path: `${SCREENSHOTS}/client-list-filters-390.png`, fullPage: true });
  await page.getByText("More filters", { exact: true }).click();
  await expect(page.getByLabel("Flow", { exact: true })).toBeVisible();
  await page.getByRole("searchbox", { name: "Owner or contact" }).fill("team-phone");
  await expect(page).toHaveURL(/owner=team-phone/);
  await expect.poll(() => listed(page, tag)).toEqual(["one"]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENSHOTS}/client-list-filters-390-open.png`, fullPage: true });
});
