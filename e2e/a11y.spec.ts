import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { NAV_ITEMS } from "../components/layout/nav-items";

// Every section of the portal passes axe-core (WCAG 2.1 A/AA), in light and in dark mode.
for (const scheme of ["light", "dark"] as const) {
  test(`every section passes axe-core in ${scheme} mode`, async ({ page }) => {
    // One test sweeps every section (a page load and an axe run each): it needs more than one page's time.
    test.setTimeout(30_000 + NAV_ITEMS.length * 15_000);
    await page.emulateMedia({ colorScheme: scheme });
    for (const item of NAV_ITEMS) {
      await page.goto(item.href);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page passes axe-core", async ({ page }) => {
    await page.goto("/sign-in");
    await expectNoAxeViolations(page);
  });
});
