import type { Page } from "@playwright/test";
import {
  E2E_ADMIN,
  expect,
  hydrateForm,
  type PortalApi,
  revealSecret,
  SCREENSHOTS,
  signedInAdmin,
  test,
  tokenCall,
  uniqueName,
  waitForHydration,
} from "./fixtures";

// Four-eyes change requests (docs/decisions/030): an Owner turns approval on for a profile; an
// Editor's change to a client of that profile becomes a request they cannot approve themselves; an
// Owner sees it counted in the navigation, reads its diff and approves it; the change and both names
// are in the audit log; a second request made against the older version goes stale on approval.

/** As the Editor on the client's page: changes one text field, gives a reason, proposes; returns the request's URL. */
async function propose(page: Page, clientInternalId: string, field: "Display name" | "Description", value: string, reason: string) {
  await page.goto(`/clients/${clientInternalId}`);
  const form = page.getByRole("form", { name: "Edit client" });
  await hydrateForm(page, 'form[aria-label="Edit client"]');
  await form.getByLabel(field).fill(value);
  await form.getByLabel("Reason for the change").fill(reason);
  await form.getByRole("button", { name: "Propose change" }).click();
  const message = form.getByTestId("form-message");
  await expect(message).toContainText("your change is now a change request, and nothing changed yet");
  const link = message.getByRole("link", { name: "See the request waiting for approval" });
  await expect(link).toHaveAttribute("href", /^\/change-requests\/[^/]+$/);
  // Nothing changed yet: the form shows the client as it is.
  await expect(form.getByLabel(field)).not.toHaveValue(value);
  await expect(form.getByLabel("Reason for the change")).toHaveValue("");
  return { link, href: (await link.getAttribute("href"))! };
}

/** As the Owner: a profile whose clients need approval (turned on in its dialog) and a client of it. */
async function governedClient(page: Page, api: PortalApi) {
  const identifier = uniqueName("Governed").replace(/-/g, "_");
  await api.importConfiguration({ profiles: [{ identifier, display_name: `Governed ${identifier}`, description: "" }] });
  // Made before approval is required (the REST API cannot propose: it is refused on a governed profile).
  const client = await api.createClient({ profile: identifier, name: "Before approval" });

  // The Owner turns approval on for the profile.
  await page.goto("/profiles");
  const profiles = page.getByRole("region", { name: "Profiles", exact: true });
  const row = profiles.getByRole("row").filter({ hasText: identifier });
  await waitForHydration(page, "main");
  await profiles.getByRole("button", { name: `Edit ${identifier}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit profile "${identifier}"` });
  const approval = dialog.getByRole("switch", { name: "Require approval" });
  await expect(approval).toBeEnabled();
  await expect(approval).not.toBeChecked();
  await approval.check();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("required");
  return { identifier, client };
}

test("four-eyes: an Editor proposes, an Owner approves; self-approval refused; an older request goes stale", async ({ page, browser, api }) => {
  test.setTimeout(180_000);
  const { identifier, client } = await governedClient(page, api);

  // An Editor sees the switch, disabled, with why.
  const editorEmail = `${uniqueName("editor")}@example.test`;
  const editor = await signedInAdmin(page, browser, { email: editorEmail, name: "Eddie Editor", role: "Editor" });
  await editor.page.goto("/profiles");
  await waitForHydration(editor.page, "main");
  await editor.page
    .getByRole("region", { name: "Profiles", exact: true })
    .getByRole("button", { name: `Edit ${identifier}` })
    .click();
  const editorDialog = editor.page.getByRole("dialog", { name: `Edit profile "${identifier}"` });
  await expect(editorDialog.getByRole("switch", { name: "Require approval" })).toBeDisabled();
  await expect(editorDialog.getByRole("switch", { name: "Require approval" })).toBeChecked();
  await expect(editorDialog.getByText("Only an Owner turns a second person's approval on or off.")).toBeVisible();
  await editorDialog.getByRole("button", { name: "Cancel" }).click();

  // The Editor proposes two changes against the same version of the client.
  const first = await propose(editor.page, client.id, "Display name", "Approved name", "The team renamed the service.");
  const second = await propose(editor.page, client.id, "Description", "Made against the old version", "A second look.");

  // The author cannot approve their own: no Approve, the server's refusal instead, and Withdraw.
  // The link leaves the form (nothing unsaved is left in it) for the request.
  await second.link.click();
  await expect(editor.page).toHaveURL(new RegExp(`${second.href}$`));
  await editor.page.goto(first.href);
  await expect(editor.page.getByRole("heading", { level: 1 })).toContainText(client.client_id);
  await expect(editor.page.getByTestId("self-approval")).toHaveText("You proposed this change: someone else must approve it.");
  await expect(editor.page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(editor.page.getByRole("button", { name: "Withdraw request" })).toBeVisible();

  // The Owner sees the requests counted in the navigation and listed.
  await page.goto("/change-requests");
  const nav = page.getByRole("navigation", { name: "Main" });
  const count = parseInt(
    await nav
      .getByRole("link", { name: /^Change requests/ })
      .getByTestId("nav-count")
      .innerText(),
    10,
  );
  expect(count).toBeGreaterThanOrEqual(2);
  const rows = page.getByTestId("request-row").filter({ hasText: client.client_id });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "The team renamed the service." })).toContainText(editorEmail);
  await expect(rows.first()).toContainText("Edit client");
  await page.screenshot({ path: `${SCREENSHOTS}/change-requests-list.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/change-requests-list-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // The diff, the reason, the author; approve after a confirmation.
  await page.goto(first.href);
  await expect(page.getByTestId("request-diff")).toContainText("displayName: Before approval → Approved name");
  await expect(page.getByTestId("request-reason")).toHaveText("The team renamed the service.");
  await expect(page.getByText(editorEmail)).toBeVisible();
  await waitForHydration(page, "main");
  await page.screenshot({ path: `${SCREENSHOTS}/change-request-detail.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/change-request-detail-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  // Rejecting needs a comment.
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Say why the change is rejected.")).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Approve and apply this change to ${client.client_id}?` });
  await confirm.getByRole("button", { name: "Approve and apply" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("request-decision")).toContainText("Approved");
  await expect(page.getByTestId("request-decision")).toContainText(E2E_ADMIN.email);

  // The change is on the client.
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole("form", { name: "Edit client" }).getByLabel("Display name")).toHaveValue("Approved name");

  // The audit log: the proposal by the Editor, the approval and the change by the Owner.
  await page.goto(`/audit?target=${encodeURIComponent(client.client_id)}`);
  const audit = page.getByTestId("audit-row");
  await expect(audit.filter({ hasText: "changeRequest.proposed" }).filter({ hasText: "Approved name" })).toContainText(editorEmail);
  const approved = audit.filter({ hasText: "changeRequest.approved" });
  await expect(approved).toContainText(E2E_ADMIN.email);
  await expect(approved).toContainText(`proposedBy: ${editorEmail}`);
  await expect(audit.filter({ hasText: "client.updated" }).filter({ hasText: "Approved name" })).toContainText(E2E_ADMIN.email);

  // The second request was made against the older version: approving it applies nothing and says so.
  await page.goto(second.href);
  await waitForHydration(page, "main");
  await page.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Approve and apply" }).click();
  await expect(page.getByTestId("request-stale")).toContainText("This request is stale.");
  await expect(page.getByTestId("request-stale")).toContainText("The client changed since this request was made");
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole("form", { name: "Edit client" }).getByLabel("Description")).not.toHaveValue("Made against the old version");
  await page.goto("/change-requests?status=stale");
  await expect(page.getByTestId("request-row").filter({ hasText: "A second look." })).toContainText("Stale");

  await editor.context.close();
});

test("four-eyes from the danger zone and the secrets panel: a reason, a withdrawal, a secret only its author sees, once", async ({ page, browser, api }) => {
  test.setTimeout(180_000);
  const { client } = await governedClient(page, api);
  const editorEmail = `${uniqueName("editor")}@example.test`;
  const editor = await signedInAdmin(page, browser, { email: editorEmail, name: "Eddie Editor", role: "Editor" });
  const e = editor.page;

  // Disable, from the danger zone: the confirmation says it needs approval and asks why.
  await e.goto(`/clients/${client.id}`);
  await waitForHydration(e, "main");
  await e.getByRole("button", { name: "Disable client" }).click();
  const disable = e.getByRole("alertdialog", { name: `Disable ${client.client_id}?` });
  await expect(disable).toContainText("It needs a second person's approval: it becomes a change request.");
  await disable.getByLabel("Reason for the change").fill("Retired with the old billing run.");
  await e.screenshot({ path: `${SCREENSHOTS}/change-request-danger-zone.png` });
  await e.setViewportSize({ width: 390, height: 844 });
  await e.screenshot({ path: `${SCREENSHOTS}/change-request-danger-zone-390.png` });
  await e.setViewportSize({ width: 1280, height: 720 });
  await disable.getByRole("button", { name: "Propose disabling" }).click();
  await expect(disable).toBeHidden();
  await e.getByRole("link", { name: "See the request waiting for approval" }).click();
  await expect(e.getByRole("heading", { level: 1 })).toContainText(client.client_id);
  await expect(e.getByTestId("request-reason")).toHaveText("Retired with the old billing run.");

  // Its author withdraws it: closed in their name, and the client is untouched.
  await waitForHydration(e, "main");
  await e.getByRole("button", { name: "Withdraw request" }).click();
  await e.getByRole("alertdialog", { name: "Withdraw this change request?" }).getByRole("button", { name: "Withdraw request" }).click();
  await expect(e.getByTestId("request-decision")).toContainText("Withdrawn");
  await expect(e.getByTestId("request-decision")).toContainText(editorEmail);
  await e.goto(`/clients/${client.id}`);
  await expect(e.getByRole("button", { name: "Disable client" })).toBeVisible();

  // A new secret becomes a request, with its reason; nothing is revealed to its author yet.
  await waitForHydration(e, "main");
  await e.getByRole("button", { name: "New secret" }).click();
  const form = e.getByRole("dialog", { name: "New secret" });
  await form.getByLabel("Description").fill("four-eyes secret");
  await form.getByLabel("Reason for the change").fill("The billing job moves to its own secret.");
  await e.screenshot({ path: `${SCREENSHOTS}/change-request-new-secret.png` });
  await form.getByRole("button", { name: "Propose new secret" }).click();
  const proposed = form.getByRole("link", { name: "See the request waiting for approval" });
  await expect(proposed).toBeVisible();
  const href = (await proposed.getAttribute("href"))!;

  // The Owner reads why, approves it, and is shown no secret.
  await page.goto(href);
  await expect(page.getByTestId("request-reason")).toHaveText("The billing job moves to its own secret.");
  await waitForHydration(page, "main");
  await page.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Approve and apply" }).click();
  await expect(page.getByTestId("request-decision")).toContainText("Approved");
  await expect(page.getByRole("button", { name: "Show the secret" })).toHaveCount(0);

  // Its author sees it once, and it works at the token endpoint.
  await e.goto(href);
  await waitForHydration(e, "main");
  await e.getByRole("button", { name: "Show the secret" }).click();
  const secret = await revealSecret(e);
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(e.getByRole("button", { name: "Show the secret" })).toHaveCount(0);
  await e.reload();
  await expect(e.getByTestId("request-decision")).toContainText("Approved");
  await expect(e.getByRole("button", { name: "Show the secret" })).toHaveCount(0);
  expect(await e.content()).not.toContain(secret);
  expect((await tokenCall(e.request, client.client_id, secret)).status()).toBe(200);

  // Never on the approver's page, nor in the audit log.
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  await page.goto(`/audit?target=${encodeURIComponent(client.client_id)}`);
  const audit = page.getByTestId("audit-row");
  await expect(audit.filter({ hasText: "changeRequest.withdrawn" })).toContainText(editorEmail);
  await expect(audit.filter({ hasText: "changeRequest.approved" })).toContainText(`proposedBy: ${editorEmail}`);
  expect(await page.content()).not.toContain(secret);

  await editor.context.close();
});
