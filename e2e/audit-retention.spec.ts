import fs from "node:fs";
import { expectNoAxeViolations } from "./a11y";
import { E2E_ADMIN, expect, hydrateForm, SCREENSHOTS, test } from "./fixtures";

// An Owner sets how long the audit log keeps its events (/settings/audit): a bad number answered next
// to its field, the save audited with from/to. The spec puts "keep forever" back at its end, so no
// other spec's events are ever purged.

const FORM = 'form[aria-label="Audit retention"]';

test("an Owner sets the audit retention, with bounds, and the change is in the log", async ({ page }) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto("/settings/audit");
  await expect(page.getByRole("heading", { name: "Audit retention", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Audit retention", exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: "Audit retention" });
  await hydrateForm(page, FORM);
  try {
    await form.getByLabel("Keep").selectOption("days");
    await form.getByLabel("Days").fill("7");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Enter a whole number of days from 30 to 3650.")).toBeVisible();
    await expect(form.getByLabel("Days")).toHaveAttribute("aria-invalid", "true");
    await page.screenshot({ path: `${SCREENSHOTS}/audit-retention-errors.png`, fullPage: true });

    await form.getByLabel("Days").fill("400");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Saved: events older than 400 days are deleted at the next hourly purge.")).toBeVisible();
    await expect(page.getByTestId("retention-state")).toContainText("Events are kept 400 days.");
    await expect(page.getByTestId("retention-state")).toContainText(`Set by ${E2E_ADMIN.email}`);
    await expect(page.getByTestId("purge-summary")).toContainText("No event is older than the saved retention");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/audit-retention.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/audit-retention-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto("/audit?action=auditSettings.updated");
    await expect(page.getByTestId("audit-row").first()).toContainText("retention: forever → 400 days");
  } finally {
    await page.goto("/settings/audit");
    await hydrateForm(page, FORM);
    if ((await form.getByLabel("Keep").inputValue()) !== "forever") {
      await form.getByLabel("Keep").selectOption("forever");
      await form.getByRole("button", { name: "Save" }).click();
      await expect(form.getByText("Saved: every event is kept.")).toBeVisible();
    }
  }
});
