import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoCspViolations, watchCspViolations } from "./a11y";
import { NAV_ITEMS } from "../components/layout/nav-items";

// Every section of the portal passes axe-core (WCAG 2.1 A/AA), in light and in dark mode, and runs
// without a Content-Security-Policy violation (a blocked script or style fails the sweep).
for (const scheme of ["light", "dark"] as const) {
  test(`every section passes axe-core in ${scheme} mode`, async ({ page }) => {
    // One test sweeps every section (a page load and an axe run each): it needs more than one page's time.
    test.setTimeout(30_000 + NAV_ITEMS.length * 15_000);
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await watchCspViolations(page);
    for (const item of NAV_ITEMS) {
      await page.goto(item.href);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectNoAxeViolations(page);
      await expectNoCspViolations(violations);
    }
  });
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page passes axe-core", async ({ page }) => {
    const violations = await watchCspViolations(page);
    await page.goto("/sign-in");
    await expectNoAxeViolations(page);
    await expectNoCspViolations(violations);
  });
});
