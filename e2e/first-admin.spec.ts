// What a new admin tripped on (issue 21), one test each: every test stands alone.
import { expect, hydrateForm, openInvitation, test, uniqueName, waitForHydration } from "./fixtures";

test("an empty Client ID says it is required", async ({ page }) => {
  await page.goto("/clients/new");
  await waitForHydration(page);
  await page.getByLabel("Display name").fill("No id yet");
  await page.getByRole("button", { name: "Create client" }).click();
  const clientId = page.getByLabel("Client ID");
  await expect(clientId).toHaveAttribute("aria-invalid", "true");
  const errorId = ((await clientId.getAttribute("aria-describedby")) ?? "").split(" ").find((id) => id.endsWith("-error"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText("Enter a client ID.");
});

test("the invitation page names every password problem at once", async ({ page, browser }) => {
  const email = `${uniqueName("invitee")}@example.test`;
  await page.goto("/admins");
  await waitForHydration(page);
  const { link, reveal } = await openInvitation(page, { email, name: "Ivy Invitee", role: "Auditor" });
  await reveal.getByRole("button", { name: "Done" }).click();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const visitor = await context.newPage();
  await visitor.goto(link);
  await waitForHydration(visitor);
  await visitor.getByLabel("New password").fill("too-short");
  await visitor.getByLabel("Repeat the password").fill("too-shorT");
  await visitor.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(visitor.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(visitor.getByText("The two passwords differ.")).toBeVisible();
  await context.close();
});

test("choosing Active for a provider says how to get back in with a password", async ({ page }) => {
  await page.goto("/providers/new");
  await hydrateForm(page, 'form[aria-label="New provider"]');
  const note = page.getByTestId("active-mode-note");
  await page.getByLabel(/^Authentication mode/).selectOption("Passive");
  await expect(note).toHaveCount(0);
  await page.getByLabel(/^Authentication mode/).selectOption("Active");
  await expect(note).toContainText("/sign-in?local=1");
});

test("a form with unsaved edits asks before a link leaves it, and not after saving", async ({ page, api }) => {
  const client = await api.createClient({ name: "Unsaved edits" });
  await page.goto(`/clients/${client.id}`);
  await hydrateForm(page, 'form[aria-label="Edit client"]');
  await page.getByLabel("Display name").fill("Edited, not saved");

  // Stay: the dialog is dismissed and the edit is still there.
  const asked: string[] = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("navigation").getByRole("link", { name: "Scopes" }).first().click();
  await expect.poll(() => asked).toEqual(["You have unsaved changes. Leave this page and lose them?"]);
  await expect(page).toHaveURL(new RegExp(`/clients/${client.id}$`));
  await expect(page.getByLabel("Display name")).toHaveValue("Edited, not saved");

  // Saved: the link leaves without a question.
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Saved.");
  page.on("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("navigation").getByRole("link", { name: "Scopes" }).first().click();
  await expect(page).toHaveURL(/\/scopes$/);
  expect(asked).toHaveLength(1);
});

test("a provider's sign-in button takes plain words, previewed in the form and shown on the sign-in page", async ({ page, browser }) => {
  const name = uniqueName("walk");
  await page.goto("/providers/new");
  await hydrateForm(page, 'form[aria-label="New provider"]');
  await page.getByLabel(/^Provider name/).fill(name);
  await page.getByLabel(/^Authentication mode/).selectOption("Passive");
  await page.getByLabel(/^Client ID/).fill("portal");
  await page.getByLabel(/^Client secret/).fill("walk-idp-secret");
  await page.getByLabel(/^Authority/).fill("https://idp.walk.example");
  const preview = page.getByTestId("sign-in-button-preview");
  await expect(preview).toHaveText(`Sign in with ${name}`);
  // A Content Hub key the catalogue lacks is shown as written: the form says so.
  await page.getByLabel(/^Sign-in button/).fill("T_SignIn_WalkIdp");
  await expect(preview).toHaveText("T_SignIn_WalkIdp");
  await expect(page.getByTestId("unknown-key-note")).toContainText("T_SignIn_WalkIdp is not in the built-in catalogue");
  await page.getByLabel(/^Sign-in button/).fill("Sign in with Walk IdP");
  await expect(preview).toHaveText("Sign in with Walk IdP");
  await expect(page.getByTestId("unknown-key-note")).toHaveCount(0);
  await page.getByRole("button", { name: "Create provider" }).click();
  await page.waitForURL((url) => /^\/providers\/[^/]+$/.test(url.pathname) && url.pathname !== "/providers/new");

  const visitor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const signIn = await visitor.newPage();
  await signIn.goto("/sign-in");
  await expect(signIn.getByRole("list", { name: "Identity providers" }).getByRole("link", { name: "Sign in with Walk IdP" })).toBeVisible();
  await visitor.close();

  // Left behind, it would add a button to every later sign-in page.
  await page.goto("/providers");
  const row = page.getByTestId("provider-row").filter({ hasText: name });
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await page
    .getByRole("alertdialog", { name: `Delete provider "${name}"?` })
    .getByRole("button", { name: "Delete provider" })
    .click();
  await expect(row).toHaveCount(0);
});
