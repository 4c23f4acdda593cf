import { expect, test, type Page } from "@playwright/test";
import { DAY_MS, setClockOffset } from "./clock";
import { createClientInPortal, revealSecret, SCREENSHOTS, tokenCall, uniqueName, waitForHydration } from "./fixtures";

// Rotation without an outage: rotate, the old secret keeps working (and its use shows), the grace
// ends, the old secret is refused. "The grace ends" is the portal's clock moved 8 days ahead (the
// e2e server's test clock, e2e/clock.ts); it is put back after the test, whatever happens.

test.beforeEach(() => setClockOffset(0));
test.afterEach(() => setClockOffset(0));

/** A secret's row, by the hint in its first cell (a new secret's description names the old one's hint). */
const rowOf = (page: Page, hint: string) => page.getByTestId("secret-row").filter({ has: page.getByRole("cell", { name: `…${hint}`, exact: true }) });

test("rotate a client secret: both work during the grace, the old one's use shows, then it is refused", async ({ page, request }) => {
  test.setTimeout(120_000);
  const clientId = uniqueName("rotating");
  const oldSecret = await createClientInPortal(page, { clientId });
  const oldRow = rowOf(page, oldSecret.slice(-4));

  await test.step("rotate with the default 7-day grace; the new secret is revealed once", async () => {
    await waitForHydration(page, "main");
    await oldRow.getByRole("button", { name: `Rotate secret …${oldSecret.slice(-4)}` }).click();
    const dialog = page.getByRole("dialog", { name: `Rotate secret …${oldSecret.slice(-4)}` });
    await expect(dialog.getByLabel("Grace period (days)")).toHaveValue("7");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
  });
  const newSecret = await revealSecret(page);
  expect(newSecret).not.toBe(oldSecret);

  await test.step("the old secret is retiring in 7 days, never used since the rotation: safe to revoke", async () => {
    await expect(page.getByTestId("secret-row")).toHaveCount(2);
    await expect(oldRow).toContainText("retiring");
    await expect(oldRow.getByTestId("secret-retiring")).toContainText("Retiring on");
    await expect(oldRow.getByTestId("secret-retiring")).toContainText("safe to revoke now");
    await expect(oldRow.getByTestId("secret-last-used")).toHaveText("never");
    await expect(rowOf(page, newSecret.slice(-4))).toContainText(`Replaces …${oldSecret.slice(-4)}`);
  });

  await test.step("during the grace both secrets get tokens; the old one's use shows after the batch is written", async () => {
    expect((await tokenCall(request, clientId, oldSecret)).status()).toBe(200);
    expect((await tokenCall(request, clientId, newSecret)).status()).toBe(200);
    // Usage is written in batches (at most one write every few seconds): reload until it shows.
    await expect(async () => {
      await page.reload();
      await expect(oldRow.getByTestId("secret-last-used")).toHaveText("just now", { timeout: 1000 });
      await expect(rowOf(page, newSecret.slice(-4)).getByTestId("secret-last-used")).toHaveText("just now", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(oldRow.getByTestId("secret-last-used")).toHaveAttribute("title", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    await expect(oldRow.getByTestId("secret-usage")).toContainText("1 use in 30 days");
    await expect(oldRow.getByTestId("secret-retiring")).toContainText("Used since the rotation");
    await expect(oldRow.getByTestId("secret-retiring")).not.toContainText("safe to revoke");
    await expect(rowOf(page, newSecret.slice(-4)).getByTestId("secret-usage")).toContainText("1 use in 30 days");

    const card = page.locator("section", { has: page.getByRole("heading", { name: "Secrets" }) });
    await card.screenshot({ path: `${SCREENSHOTS}/secret-rotation-desktop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await card.screenshot({ path: `${SCREENSHOTS}/secret-rotation-390.png` });
  });

  await test.step("once the grace has ended, the old secret is refused with invalid_client; the new one works", async () => {
    setClockOffset(8 * DAY_MS);
    const refused = await tokenCall(request, clientId, oldSecret);
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_client");
    expect((await tokenCall(request, clientId, newSecret)).status()).toBe(200);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.reload();
    await expect(oldRow).toContainText("expired");
    await expect(oldRow).not.toContainText("retiring");
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Secrets" }) });
    await card.screenshot({ path: `${SCREENSHOTS}/secret-rotation-grace-ended.png` });
  });
});
