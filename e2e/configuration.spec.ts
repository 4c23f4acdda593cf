// Configuration as code in the browser: a Usercube XML reviewed first (the plan; nothing written),
// then imported as reviewed, and a real token call with the imported client's existing clear secret.
import { expect, test } from "@playwright/test";
import { SCREENSHOTS } from "./fixtures";

const run = Date.now().toString(36);
const identifier = `Job-${run}`;
const contextId = -(3_000_000 + (Date.now() % 1_000_000));
const xml = `<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
  <OpenIdClient Identifier="${identifier}" HashedSecret="K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=" DisplayName_L1="ClientId for Jobs" Profile="Administrator" ContextId="${contextId}" />
  <ProfileContext Id="${contextId}" Category="Department" D0="Import ${run}" />
  <OpenIdClient Identifier="Officer-${run}" DisplayName_L1="Officer" Profile="RoleOfficer${run}" />
</ConfigurationFile>`;

test("a Usercube document: review, problems, import as reviewed, and the client works with its existing secret", async ({ page, request }) => {
  for (const size of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto("/configuration");
    await page.getByLabel("Or paste the document").fill(xml);
    // No import without a plan: the only button is the review.
    await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
    await page.getByRole("button", { name: "Review import" }).click();
    const result = page.getByTestId("config-import-result");
    // The unknown profile is a problem at its attribute; nothing is written.
    await expect(result.getByRole("alert")).toContainText("1 problem");
    await expect(result.getByRole("list", { name: "Problems" })).toContainText("/ConfigurationFile/OpenIdClient[2]/@Profile");
    await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
    await page.getByLabel("Create missing profiles").check();
    await page.getByRole("button", { name: "Review import" }).click();
    await expect(result.getByRole("status")).toContainText("Plan — nothing was written yet. Importing would create 4, change 0");
    await expect(result.getByRole("list", { name: "Entries" })).toContainText(identifier);
    await expect(result.getByRole("list", { name: "Warnings" })).toContainText("weak");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOTS}/configuration-dry-run-${size.width}.png`, fullPage: true });
  }
  await page.goto(`/clients?q=${identifier}`);
  await expect(page.getByText("No clients")).toBeVisible();

  await page.goto("/configuration");
  await page.getByLabel("Or paste the document").fill(xml);
  await page.getByLabel("Create missing profiles").check();
  await page.getByRole("button", { name: "Review import" }).click();
  const confirm = page.getByRole("button", { name: "Import: create 4, change 0" });
  await expect(confirm).toBeVisible();
  // An option changed after the review drops the plan: review again before importing.
  await page.getByLabel("Create missing profiles").uncheck();
  await expect(confirm).toBeHidden();
  await page.getByLabel("Create missing profiles").check();
  await page.getByRole("button", { name: "Review import" }).click();
  await confirm.click();
  await expect(page.getByTestId("config-import-result").getByRole("status")).toContainText("Imported: 4 created");
  await expect(confirm).toBeHidden();

  const response = await request.post("/oauth/token", {
    headers: { Authorization: `Basic ${Buffer.from(`${identifier}:secret`).toString("base64")}` },
    form: { grant_type: "client_credentials" },
  });
  expect(response.status()).toBe(200);

  // The client page flags the weak imported secret until it is rotated; the list shows its context.
  await page.goto(`/clients?q=${identifier}`);
  await expect(page.getByRole("row").filter({ hasText: identifier })).toContainText(`Department: Import ${run}`);
  await page.getByRole("link", { name: identifier }).click();
  await expect(page.getByTestId("weak-secret-warning")).toBeVisible();
  await page.getByRole("button", { name: /Revoke/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke secret" }).click();
  await expect(page.getByTestId("weak-secret-warning")).toBeHidden();
});

test("the provider import dialog offers a valid example to download", async ({ page }) => {
  await page.goto("/providers");
  await page.getByRole("button", { name: "Import" }).first().click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download a valid example" }).click();
  const file = await (await download).path();
  const { readFileSync } = await import("node:fs");
  const text = readFileSync(file, "utf8");
  await page.getByLabel("Or paste the document").fill(text);
  await page.getByRole("dialog").getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-result")).toContainText(/Imported \d+ provider|already the Active provider/);

  // The example's AzureAD is an enabled Active provider: left behind, it would send every later
  // visitor of the sign-in page to a host that does not exist (and block provider-sign-in's own).
  await page.goto("/providers");
  for (const name of ["AzureAD", "okta-partners"]) {
    const row = page.getByTestId("provider-row").filter({ hasText: name });
    if ((await row.count()) === 0) continue;
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await page
      .getByRole("alertdialog", { name: `Delete provider "${name}"?` })
      .getByRole("button", { name: "Delete provider" })
      .click();
    await expect(row).toHaveCount(0);
  }
});
