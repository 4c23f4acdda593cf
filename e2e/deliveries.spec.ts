import { MAILBOX_URL } from "../playwright.config";
import { expectNoAxeViolations } from "./a11y";
import { expect, linkInMail, SCREENSHOTS, test, uniqueName, waitForHydration, waitForMail } from "./fixtures";

// The Deliveries page: a mail the SMTP server refuses waits there with the server's answer, and
// "Retry now" sends it once the cause is gone. The suite's SMTP server (e2e/mail-receiver.mjs)
// refuses mails to one address on request, so this spec fails only its own mail.

const refusal = (to: string, on: boolean) =>
  fetch(`${MAILBOX_URL.replace(/\/mails$/, "")}/refuse?to=${encodeURIComponent(to)}`, { method: on ? "POST" : "DELETE" });

test("a refused invitation mail waits on Deliveries with the SMTP error; Retry now sends it once the mailbox takes it", async ({ page }) => {
  const email = `${uniqueName("full-mailbox")}@example.test`;
  expect((await refusal(email, true)).status).toBe(204);
  try {
    await page.goto("/admins");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Invite admin" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite an admin" });
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Name").fill("Fiona Fullbox");
    await dialog.getByLabel("Role").selectOption("Auditor");
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    const sent = page.getByRole("alertdialog", { name: "Invitation sent" });
    await expect(sent.getByTestId("link-sent")).toHaveText(`Invitation sent to ${email}.`);
    await sent.getByRole("button", { name: "Done" }).click();

    // The worker tried at once and the server refused: the mail waits for its retry (30 s later).
    await page.goto("/deliveries");
    const row = page.getByTestId("delivery").filter({ hasText: email });
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await row.count()) === 1 && /Mailbox full/.test(await row.innerText());
        },
        { timeout: 20_000, message: "the refused mail on Deliveries" },
      )
      .toBe(true);
    await expect(page.getByRole("heading", { name: "Deliveries", level: 1 })).toBeVisible();
    await expect(row).toContainText("Invitation mail");
    await expect(row).toContainText("waiting to retry");
    await expect(row.getByTestId("delivery-error")).toContainText("451");
    // Never the body: the mail's link is not on the page.
    expect(await page.content()).not.toContain("/invitation/");
    await expect(page.getByTestId("delivery-counts")).toContainText("Waiting");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/deliveries.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/deliveries-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The mailbox takes mail again; Retry now does not wait for the back-off.
    expect((await refusal(email, false)).status).toBe(204);
    const since = Date.now();
    await waitForHydration(page, "[data-testid=delivery] button");
    await row.getByRole("button", { name: /Retry now/ }).click();
    // The row leaves the list once delivered; the outcome stays above it.
    await expect(page.getByTestId("outcome")).toHaveText(`Invitation mail to ${email}: Delivered.`, { timeout: 15_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/deliveries-retried.png`, fullPage: true });
    const mail = await waitForMail(email, since);
    expect(mail.subject).toBe("Your invitation to the OIDC client portal");
    linkInMail(mail);
    await page.reload();
    await expect(page.getByTestId("delivery").filter({ hasText: email })).toHaveCount(0);

    // The retry is in the audit log.
    await page.goto("/audit");
    const audited = page.getByTestId("audit-row").filter({ hasText: `email.adminLink to ${email}` });
    await expect(audited).toHaveCount(1);
    await expect(audited).toContainText("delivery.retried");
  } finally {
    await refusal(email, false);
  }
});
