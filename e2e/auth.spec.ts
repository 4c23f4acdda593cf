import { expect, test } from "@playwright/test";
import { E2E_ADMIN, passSecondStep, SCREENSHOTS } from "./fixtures";

// These tests start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test("an unauthenticated visit is redirected to sign-in and back after signing in", async ({ page }) => {
  await page.goto("/clients");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "Sign in to OIDC Admin" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png`, fullPage: true });

  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await passSecondStep(page); // an Owner: the second factor, then back to the page asked for
  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByRole("heading", { name: "Clients" })).toBeVisible();
});

test("sign in shows the dashboard with the admin's name; sign out ends the session", async ({ page, browser }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await passSecondStep(page);

  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText(`Welcome, ${E2E_ADMIN.name}.`)).toBeVisible();
  await expect(page.getByTestId("admin-name").filter({ visible: true })).toHaveText(E2E_ADMIN.name);
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });

  const cookiesBeforeSignOut = await page.context().cookies();

  await page.getByRole("button", { name: "Sign out" }).filter({ visible: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);

  // The session is revoked on the server: a copy of the old cookie no longer works.
  const replay = await browser.newContext();
  await replay.addCookies(cookiesBeforeSignOut);
  const replayPage = await replay.newPage();
  await replayPage.goto("/clients?q=orders");
  // Back to the page after signing in again: the callbackUrl survives the revoked session.
  await expect(replayPage).toHaveURL(/\/sign-in\?callbackUrl=%2Fclients%3Fq%3Dorders$/);
  await expect(replayPage.getByRole("heading", { name: "Sign in to OIDC Admin" })).toBeVisible();
  await replay.close();
});

test("a wrong password is rejected with a message that does not say which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in/);

  // An unknown email gets the very same message.
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-error.png`, fullPage: true });
});

test("the form checks fields in the browser before sending", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("sign-in attempts are rate limited per email", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(`brute-force-${test.info().repeatEachIndex}-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("guess");
  const alert = page.locator("form").getByRole("alert");
  const attempt = () =>
    Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
  for (let i = 1; i <= 10; i++) {
    await attempt();
    await expect(alert).toHaveText("Email or password is incorrect.");
  }
  await attempt();
  await expect(alert).toHaveText(/Too many sign-in attempts/);
});
