import fs from "node:fs";
import { baseURL } from "../playwright.config";
import {
  E2E_ADMIN,
  expect,
  freshBrowser,
  INVITEE_PASSWORD,
  linkInMail,
  openInvitation,
  SCREENSHOTS,
  test,
  uniqueName,
  waitForHydration,
  waitForMail,
} from "./fixtures";

// Invitations and password resets by mail: the e2e portal mails through the suite's own SMTP server
// (e2e/mail-receiver.mjs), which an Owner set at /settings/mail (e2e/auth.setup.ts). The Owner never
// sees the link; the colleague opens it from the mail.

/** Opens a link from a mail in a browser without a session and chooses a password. */
async function choosePassword(browser: import("@playwright/test").Browser, link: string, password: string, submit: string) {
  const { context, page } = await freshBrowser(browser);
  await page.goto(link);
  await waitForHydration(page);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: submit }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return context;
}

test("a colleague gets the invitation by mail, opens its link and sets a password; a reset comes the same way", async ({ page, browser }) => {
  const email = `${uniqueName("colleague")}@example.test`;
  await page.goto("/admins");
  await waitForHydration(page);
  const { link, reveal, mail } = await openInvitation(page, { email, name: "Colin Colleague", role: "Editor" });
  expect(mail.from).toBe("OIDC portal e2e <portal@example.test>");
  expect(mail.envelopeTo).toEqual([email]);
  expect(mail.text).toContain("Hello Colin Colleague,");
  expect(mail.text).toContain(`${E2E_ADMIN.email} invited you to the OIDC client portal at ${baseURL}.`);
  expect(link.startsWith(`${baseURL}/invitation/`)).toBe(true);
  // The mail as received, for the record (its link's token cut out).
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const token = link.split("/invitation/")[1]!;
  fs.writeFileSync(
    `${SCREENSHOTS}/invitation-mail.txt`,
    `From: ${mail.from}\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text.replace(token, "<token>")}`,
  );
  // The Owner's page never holds the link.
  expect(await page.content()).not.toContain(token);
  await reveal.getByRole("button", { name: "Done" }).click();

  const invited = await choosePassword(browser, link, INVITEE_PASSWORD, "Set password and sign in");
  await invited.close();
  await page.reload();
  await expect(page.getByTestId(`admin-row-${email}`)).not.toContainText("invited");

  // A password-reset link goes the same way.
  await waitForHydration(page);
  await page.getByTestId(`admin-row-${email}`).getByRole("button", { name: "New password-reset link" }).click();
  const confirm = page.getByRole("alertdialog", { name: /New password-reset link for/ });
  await expect(confirm).toContainText(`It goes to ${email} by email.`);
  const since = Date.now();
  await confirm.getByRole("button", { name: "Send link" }).click();
  const sent = page.getByRole("alertdialog", { name: "Password-reset link sent" });
  await expect(sent.getByTestId("link-sent")).toHaveText(`Password-reset link sent to ${email}.`);
  await sent.getByRole("button", { name: "Done" }).click();
  const reset = await waitForMail(email, since);
  expect(reset.subject).toBe("Reset your password for the OIDC client portal");
  const resetLink = linkInMail(reset);
  expect(resetLink).not.toBe(link);
  const again = await choosePassword(browser, resetLink, "another-good-passphrase-2", "Save password and sign in");
  await again.close();
});
