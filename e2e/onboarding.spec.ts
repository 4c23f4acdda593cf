// The dashboard's getting-started walkthrough, end to end in Chromium, followed by a new Editor of
// its own (the walkthrough reads what its admin did): a profile context, a ClientCredentials client,
// its secret stored, a real token call made by this test with the curl command's parameters, and the
// token call seen in the audit log. Plus the client page on a phone and keyboard focus in the reveal
// dialog, each test with a client of its own.
import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import {
  createClientInPortal,
  expect,
  SCREENSHOTS,
  signedInAdmin,
  test,
  tokenCall,
  uniqueContextId,
  uniqueName,
  waitForHydration,
  type PortalApi,
} from "./fixtures";

const step = (page: Page, key: string) => page.getByTestId(`walkthrough-step-${key}`);

async function expectStep(page: Page, key: string, done: boolean) {
  await expect(step(page, key)).toHaveAttribute("data-done", String(done));
}

test("the walkthrough turns each step done only when it really happened", async ({ page: owner, browser, request }) => {
  // An invitation, eleven pages and a token call, on a shared 2-core machine.
  test.setTimeout(150_000);
  const run = uniqueName("walkthrough");
  const contextId = uniqueContextId();
  const clientId = run;
  const { context, page } = await signedInAdmin(owner, browser, { email: `${run}@example.test`, name: "Nina Newcomer", role: "Editor" });
  await page.goto("/");
  const walkthrough = page.getByTestId("walkthrough");
  if (!(await walkthrough.isVisible())) await page.getByRole("button", { name: "Show the getting-started guide" }).click();
  await expect(walkthrough).toBeVisible();

  // 1. A profile context.
  await page.goto("/profiles");
  await page.getByRole("region", { name: "Profile contexts", exact: true }).getByRole("button", { name: "New profile context" }).click();
  const dialog = page.getByRole("dialog", { name: "New profile context" });
  await dialog.getByLabel("Id").fill(String(contextId));
  await dialog.getByLabel("Category").fill("Department");
  await dialog.getByLabel("D0").fill(`Walkthrough ${run}`);
  await dialog.getByRole("button", { name: "Create profile context" }).click();
  await expect(dialog).toBeHidden();
  await page.goto("/");
  await expectStep(page, "context", true);

  // 2. A ClientCredentials client in that context; its first secret gets a description.
  await page.goto("/clients/new");
  await waitForHydration(page);
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Display name").fill("Walkthrough client");
  await page.getByLabel("Flow").selectOption("ClientCredentials");
  await page.getByRole("combobox", { name: "Profile", exact: true }).selectOption({ label: "Administrator" });
  await page.getByRole("combobox", { name: "Profile context" }).selectOption(String(contextId));
  await page.getByLabel("What uses the first secret").fill("walkthrough job");
  await page.getByRole("button", { name: "Create client" }).click();

  // The reveal dialog takes keyboard focus (it opened after the save, not from a trigger).
  const reveal = page.getByRole("alertdialog", { name: "Copy the new secret now" });
  await expect(reveal.getByTestId("revealed-secret")).toBeFocused();
  expect(await reveal.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  const secret = (await reveal.getByTestId("revealed-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // 3. Store its secret ("I have stored it").
  await reveal.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  // After the navigation, focus is on the new page's heading, not left behind.
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeFocused();
  const clientUrl = page.url();
  await expect(page.getByTestId("secret-row")).toContainText("walkthrough job");
  await expect(page.getByTestId("last-token")).toHaveText("never");

  // "I have stored it" is only a click: the step turns done when the stored secret is pasted back.
  await page.goto("/");
  await expectStep(page, "client", true);
  await expectStep(page, "secret", false);
  const storedCheck = page.getByRole("form", { name: "Check the stored secret" });
  await storedCheck.getByLabel("The secret, pasted from your secret manager").fill(`${secret.slice(0, -1)}x`);
  await storedCheck.getByRole("button", { name: "Check" }).click();
  await expect(storedCheck.getByRole("alert")).toContainText(`This is not an active secret of ${clientId}`);
  await expectStep(page, "secret", false);
  await storedCheck.getByLabel("The secret, pasted from your secret manager").fill(secret);
  await storedCheck.getByRole("button", { name: "Check" }).click();
  await expectStep(page, "secret", true);
  await expectStep(page, "token", false);
  await expectStep(page, "audit", false);
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-walkthrough.png`, fullPage: true });

  // 4. The curl command shown on the client page, run by the test: same origin, same parameters.
  await page.goto(clientUrl);
  const curl = (await page.getByRole("region", { name: "Get a token" }).locator("pre").first().textContent()) ?? "";
  const tokenUrl = /(https?:\/\/\S+\/oauth\/token)/.exec(curl)?.[1];
  expect(tokenUrl).toBe(new URL("/oauth/token", page.url()).toString());
  expect(curl).toContain(`-u "${clientId}:$CLIENT_SECRET"`);
  // The dashboard stays open while the command runs elsewhere.
  await page.goto("/");
  await expectStep(page, "token", false);
  const response = await tokenCall(request, clientId, secret);
  expect(response.status()).toBe(200);
  expect((await response.json()).token_type).toBe("Bearer");

  // The token endpoint records the issuance off the response path; the open dashboard looks again
  // while it waits for that step, so it turns done shortly after, without a reload.
  await expect(step(page, "token")).toHaveAttribute("data-done", "true", { timeout: 10_000 });
  await expectStep(page, "audit", false);

  // 5. The token call in the audit log.
  await step(page, "audit").getByRole("link", { name: "Open the audit log" }).click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "token.issued" })).toHaveCount(1);
  await page.goto("/");
  await expectStep(page, "audit", true);
  await expect(page.getByRole("heading", { name: "You are set up" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Dismissible, and it can be brought back.
  await page.getByTestId("walkthrough").getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("walkthrough")).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("walkthrough")).toBeHidden();
  await page.getByRole("button", { name: "Show the getting-started guide" }).click();
  await expect(page.getByTestId("walkthrough")).toBeVisible();
  await context.close();
});

/** A client of the test's own, made in the portal by the e2e admin (who then shows as its secret's creator), in a profile context of its own. */
async function clientWithContext(page: Page, api: PortalApi) {
  const profileContext = await api.createProfileContext({ category: "Department", d0: uniqueName("Walkthrough") });
  const clientId = uniqueName("walkthrough");
  const secret = await createClientInPortal(page, { clientId, profileContextId: profileContext.id });
  return { clientId, secret, clientUrl: page.url(), profileContext };
}

test("the client page has no horizontal scroll on a 390 px phone, and its secrets stay usable", async ({ page, api }) => {
  const { clientId, secret, clientUrl } = await clientWithContext(page, api);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(clientUrl);
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const row = page.getByTestId("secret-row").first();
  // Expires, Status and Revoke are within the phone's width (not cut off to the right).
  await row.scrollIntoViewIfNeeded();
  for (const cell of [row.locator('[data-label="Expires"]'), row.locator('[data-label="Status"]'), row.getByRole("button", { name: /Revoke/ })]) {
    await expect(cell).toBeVisible();
    const box = await cell.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  }
  // Who created the secret reads on one line beside its date, not one character a line.
  const createdBy = row.locator('[data-label="Created"]').getByText(/@/);
  expect((await createdBy.boundingBox())!.height).toBeLessThan(40);
  await page.screenshot({ path: `${SCREENSHOTS}/client-page-phone.png`, fullPage: true });
  await page.goto("/");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-phone.png`, fullPage: true });
  await page.goto(`${clientUrl}/handover`);
  await expect(page.getByRole("heading", { name: "Client hand-over sheet" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(secret);
  await page.screenshot({ path: `${SCREENSHOTS}/handover-phone.png`, fullPage: true });
});

test("a new secret's reveal dialog takes keyboard focus and gives it back on close", async ({ page, api }) => {
  const client = await api.createClient();
  await page.goto(`/clients/${client.id}`);
  await waitForHydration(page);
  const newSecret = page.getByRole("button", { name: "New secret" });
  await newSecret.click();
  const form = page.getByRole("dialog", { name: "New secret" });
  await form.getByLabel("Description").fill("second job");
  await form.getByRole("button", { name: "Generate secret" }).click();
  const reveal = page.getByRole("alertdialog", { name: "Copy the new secret now" });
  await expect(reveal).toBeVisible();
  expect(await reveal.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await reveal.getByRole("button", { name: "I have stored it" }).click();
  await expect(reveal).toBeHidden();
  await expect(newSecret).toBeFocused();
  await expect(page.getByTestId("secret-row").filter({ hasText: "second job" })).toHaveCount(1);
});

test("desktop screenshots: client page and hand-over sheet", async ({ page, api }) => {
  const { clientId, clientUrl, profileContext } = await clientWithContext(page, api);
  await page.goto(clientUrl);
  await expect(page.getByRole("heading", { level: 1, name: clientId })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/client-page.png`, fullPage: true });
  await page.goto(`${clientUrl}/handover`);
  await expect(page.locator("main")).toContainText(`Department: ${profileContext.d0}`);
  await expect(page.locator("main")).toContainText("/.well-known/openid-configuration");
  await page.screenshot({ path: `${SCREENSHOTS}/handover.png`, fullPage: true });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${SCREENSHOTS}/handover-print.png`, fullPage: true });
});

test("after a sidebar navigation, focus is on the new page's heading, not left on the link", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  const link = page.getByRole("navigation", { name: "Main" }).filter({ visible: true }).getByRole("link", { name: "Clients" });
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
});
