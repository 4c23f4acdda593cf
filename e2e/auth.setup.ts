import { expect, test as setup } from "@playwright/test";
import { STORAGE_STATE } from "../playwright.config";
import { E2E_ADMIN, configureMail, saveSecondFactor, totpCodeNow, waitForHydration } from "./fixtures";

// Signs in once; the other tests reuse the session (storageState). The e2e admin is an Owner, and
// Owners sign in with a second factor (MFA_REQUIRED_FOR=owners): the first sign-in enrols an
// authenticator app, whose key later sign-ins use (e2e/fixtures.ts, passSecondStep). Then, as an
// Owner would, it sets the SMTP server in the browser (/settings/mail): the specs that read
// invitations from the mail (e2e/mail.spec.ts and others) need it, whatever their order.
setup("sign in as the e2e admin", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/mfa$/);
  await expect(page.getByRole("heading", { name: "Set up two-step sign-in" })).toBeVisible();
  await waitForHydration(page);
  const secret = (await page.getByTestId("totp-secret").getAttribute("data-secret"))!;
  const { code, step } = totpCodeNow(secret);
  await page.getByRole("textbox", { name: "Code" }).fill(code);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();

  const reveal = page.getByRole("alertdialog", { name: "Save your recovery codes" });
  const recoveryCodes = (await reveal.getByTestId("revealed-secret").innerText())
    .split("\n")
    .map((c) => c.trim())
    .filter(Boolean);
  expect(recoveryCodes).toHaveLength(10);
  saveSecondFactor({ secret, lastStep: step, recoveryCodes });
  await reveal.getByRole("button", { name: "I have saved them" }).click();

  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.context().storageState({ path: STORAGE_STATE });

  await configureMail(page);
  await expect(page.getByTestId("mail-state")).toContainText("In use: the settings below.");
});
