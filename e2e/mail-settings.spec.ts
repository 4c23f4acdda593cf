import fs from "node:fs";
import { E2E_SMTP_URL } from "../playwright.config";
import { expectNoAxeViolations } from "./a11y";
import { serverLogMark, serverLogSince } from "./server-log";
import { E2E_ADMIN, configureMail, expect, hydrateForm, SCREENSHOTS, signedInAdmin, test, uniqueName, waitForMail } from "./fixtures";

// An Owner sets the SMTP server in the browser (/settings/mail): field errors next to the fields,
// a write-only password, a test mail the suite's SMTP server receives. Editors and Auditors cannot
// open the page. The spec leaves the portal mailing through the suite's server (e2e/auth.setup.ts
// set it first), so the specs that read invitations from mail work in any order.

const FORM = 'form[aria-label="Mail settings"]';

test("an Owner sets the SMTP server, with a password that never comes back, and sends a test mail", async ({ page }) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto("/settings/mail");
  await expect(page.getByRole("heading", { name: "Mail", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Mail", exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: "Mail settings" });
  await hydrateForm(page, FORM);

  // Bad input: each message next to its field, nothing typed is lost, nothing saved.
  await form.getByLabel("Host").fill("smtp://mail.example.test");
  await form.getByLabel("Port").fill("99999");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Enter only the host name, without smtp:// (e.g. smtp.example.com).")).toBeVisible();
  await expect(form.getByText("Enter the port: a number from 1 to 65535.")).toBeVisible();
  await expect(form.getByLabel("Host")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Host")).toHaveValue("smtp://mail.example.test");
  await expect(form.getByLabel("Port")).toHaveValue("99999");
  await form.getByLabel("Host").fill("mail.example.test:587");
  await form.getByLabel("Host").blur();
  await expect(form.getByText("Enter the port in the Port field, not after the host.")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail-settings-errors.png`, fullPage: true });

  // A user name and a password: saved, then shown only as "set" — never in the page's HTML.
  const password = `smtp-${uniqueName("pw")}-Secret`;
  const mark = serverLogMark();
  await configureMail(page, { username: "e2e-portal", password });
  await expect(form.getByTestId("secret-state")).toHaveText("A password is set.");
  await expect(form.getByLabel("New password")).toHaveCount(0);
  expect(await page.content()).not.toContain(password);
  await page.reload();
  await hydrateForm(page, FORM);
  await expect(form.getByTestId("secret-state")).toHaveText("A password is set.");
  await expect(form.getByLabel("User name")).toHaveValue("e2e-portal");
  await expect(page.getByTestId("mail-state")).toContainText(`Saved by ${E2E_ADMIN.email}`);
  const html = await (await page.request.get("/settings/mail")).text();
  expect(html).toContain("A password is set.");
  expect(html).not.toContain(password);

  // The test mail: a busy button, then the server's answer; the suite's server received it.
  const since = Date.now();
  const send = page.getByRole("button", { name: "Send a test mail" });
  await send.click();
  const result = page.getByTestId("test-mail-result");
  await expect(result).toHaveText(`Sent to ${E2E_ADMIN.email}: 127.0.0.1:${new URL(E2E_SMTP_URL).port} accepted the mail.`);
  await expect(send).toBeEnabled();
  const mail = await waitForMail(E2E_ADMIN.email, since);
  expect(mail.subject).toBe("Test mail from the OIDC client portal");
  expect(mail.text).not.toContain(password);
  expect(await serverLogSince(mark)).not.toContain(password);
  await expectNoAxeViolations(page);

  await page.screenshot({ path: `${SCREENSHOTS}/mail-settings.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/mail-settings-390.png`, fullPage: true });
});

test("an Owner removes the mail settings after a confirmation: no mail is sent until they are set again", async ({ page }) => {
  try {
    await configureMail(page);
    const form = page.getByRole("form", { name: "Mail settings" });
    const remove = page.getByRole("button", { name: "Remove the settings" });
    await remove.click();
    const confirm = page.getByRole("alertdialog", { name: "Remove the mail settings?" });
    await expect(confirm).toContainText("The portal stops sending mail at once.");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("mail-state")).toContainText("In use: the settings below.");

    await remove.click();
    await confirm.getByRole("button", { name: "Remove the settings" }).click();
    await expect(confirm).toBeHidden();
    await expect(form.getByTestId("form-message")).toHaveText("Removed: the portal sends no mail until a server is set again.");
    await expect(page.getByTestId("mail-state")).toContainText("No mail is sent");
    await expect(form.getByLabel("Host")).toHaveValue("");
    await expect(remove).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Send a test mail" })).toBeDisabled();
    await page.screenshot({ path: `${SCREENSHOTS}/mail-settings-removed.png`, fullPage: true });

    await page.goto("/audit?action=mailSettings.removed");
    await expect(page.getByTestId("audit-row").first()).toContainText(E2E_ADMIN.email);
  } finally {
    // The other specs read invitations from mail.
    await configureMail(page);
  }
});

test("Editors and Auditors cannot open the mail settings", async ({ page, browser }) => {
  for (const role of ["Editor", "Auditor"] as const) {
    const { context, page: theirs } = await signedInAdmin(page, browser, {
      email: `${uniqueName(role.toLowerCase())}@example.test`,
      name: `Mail ${role}`,
      role,
    });
    const response = await theirs.request.get("/settings/mail");
    expect(response.status()).toBe(403);
    const html = await response.text();
    expect(html).toContain("You may not open this page");
    expect(html).not.toContain("SMTP server");
    await theirs.goto("/");
    await expect(theirs.getByRole("navigation").getByRole("link", { name: "Mail", exact: true })).toHaveCount(0);
    await context.close();
  }
});
