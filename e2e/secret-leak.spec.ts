import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { configureMail, createClientInPortal, expect, inviteAdmin, linkInMail, revealSecret, test, tokenCall, uniqueName, waitForMail } from "./fixtures";
import { SERVER_LOG } from "./server-log";

// A secret leaves the server once, in the answer that created it. This spec creates secrets through
// every path (client and scope secrets in the portal and the API, a provider secret through a
// configuration import, admin invitation links, the SMTP password of /settings/mail), then searches
// every place they could leak to: the server's log (lib/log.ts and console), error pages, the HTML
// and RSC payloads of every page that shows the client or scope, the audit log, every export (JSON
// and XML, with and without provider secrets) and the database files' bytes. A planted marker (no
// secret) is searched the same way and must be found in each place, so a search that sees nothing
// cannot pass by accident.

const EXPORT_PASSPHRASE = "a long export passphrase";

async function bearer(request: APIRequestContext, clientId: string, secret: string): Promise<Record<string, string>> {
  const token = await tokenCall(request, clientId, secret);
  expect(token.status()).toBe(200);
  return { authorization: `Bearer ${(await token.json()).access_token}` };
}

// One test, in two steps: the search needs the secrets the first step makes, and no other test's.
test("a secret made through any path is found nowhere but in its single reveal", async ({ page, request }) => {
  // Six creation paths, a dozen pages with their RSC payloads and seven exports, on a busy 2-core machine.
  test.setTimeout(180_000);
  const run = uniqueName("leak");
  /** Not a secret: a value planted where each search must find it. */
  const MARKER = `leakprobe${run.replace("-", "")}`;
  const PROVIDER_SECRET = `prov-secret-${run}-Zq8mT2vL4pW6nB1y`;
  const secrets: Record<string, string> = {};
  const pages: { client?: string; scope?: string; apiClientId?: string } = {};

  await test.step("secrets are created through every path", async () => {
    // 1. A ClientCredentials client in the portal (its first secret), with the marker as its description.
    const clientId = run;
    secrets["client create"] = await createClientInPortal(page, { clientId, displayName: "Leak probe", description: MARKER, adminApiAccess: "Owner" });
    pages.client = new URL(page.url()).pathname;

    // 2. A new client secret.
    await page.getByRole("button", { name: "New secret" }).click();
    await page.getByRole("dialog", { name: "New secret" }).getByLabel("Description").fill(MARKER);
    await page.getByRole("button", { name: "Generate secret" }).click();
    secrets["new client secret"] = await revealSecret(page);

    // 3. A scope secret.
    await page.goto("/scopes");
    await page.getByRole("button", { name: "New scope" }).click();
    const dialog = page.getByRole("dialog", { name: "New scope" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(`${run}.read`);
    await dialog.getByLabel("Display name").fill(MARKER);
    await dialog.getByRole("button", { name: "Create scope" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${run}.read` })).toBeVisible();
    pages.scope = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "New secret" }).click();
    await page.getByRole("dialog", { name: "New secret" }).getByLabel("Description").fill(MARKER);
    await page.getByRole("button", { name: "Generate secret" }).click();
    secrets["scope secret"] = await revealSecret(page);

    // 4. The REST API: a client (its first secret), a client secret and a scope secret.
    const auth = await bearer(request, clientId, secrets["client create"]!);
    const created = await request.post("/api/v0/oidc/clients", {
      headers: auth,
      data: {
        name: `${run}-api`,
        description: MARKER,
        flow: "ClientCredentials",
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const apiClient = await created.json();
    secrets["API client create"] = apiClient.client_secret;
    pages.apiClientId = apiClient.id;
    const added = await request.post(`/api/v0/oidc/clients/${apiClient.id}/secrets`, { headers: auth, data: { description: MARKER, expiration: null } });
    expect(added.status(), await added.text()).toBe(201);
    secrets["API client secret"] = (await added.json()).secret;
    const scopeId = pages.scope.split("/").pop();
    const scopeSecret = await request.post(`/api/v0/scopes/${scopeId}/secrets`, { headers: auth, data: { description: MARKER, expiration: null } });
    expect(scopeSecret.status(), await scopeSecret.text()).toBe(201);
    secrets["API scope secret"] = (await scopeSecret.json()).secret;

    // 5. A configuration import with an identity provider's client secret in clear (disabled, Passive:
    //    it must not change the sign-in page of the other specs).
    const imported = await request.post("/api/v0/import", {
      headers: { ...auth, "content-type": "application/json" },
      data: {
        format: "oidc-admin-portal",
        version: 1,
        identity_providers: [
          {
            provider_name: run,
            authentication_mode: "Passive",
            client_id: MARKER,
            client_secret: PROVIDER_SECRET,
            authority: "https://idp.example.com",
            is_enabled: false,
            response_type: "code",
            response_mode: "query",
            authentication_method: "redirect_get",
            scope: ["openid"],
            messages: { signIn: "Leak", signInTitle: "Leak", signInDescription: "Leak" },
          },
        ],
      },
    });
    expect(imported.status(), await imported.text()).toBe(200);
    secrets["configuration import (provider client secret)"] = PROVIDER_SECRET;

    // 6. Admin links: an invitation, and a new link for the same admin (issueAdminLink, the path a
    //    password-reset link takes too).
    const invitee = `${run}@example.test`;
    secrets["invitation link"] = (await inviteAdmin(page, { email: invitee, name: MARKER, role: "Auditor" })).split("/invitation/")[1]!;
    await page.getByRole("row").filter({ hasText: invitee }).getByRole("button", { name: "New invitation link" }).click();
    const since = Date.now();
    await page
      .getByRole("alertdialog", { name: /New invitation link for/ })
      .getByRole("button", { name: "Send link" })
      .click();
    const sent = page.getByRole("alertdialog", { name: "Invitation sent" });
    await expect(sent).toBeVisible();
    await sent.getByRole("button", { name: "Done" }).click();
    secrets["new invitation link"] = linkInMail(await waitForMail(invitee, since)).split("/invitation/")[1]!;
    expect(secrets["new invitation link"]).not.toBe(secrets["invitation link"]);

    // 7. The SMTP password, set at /settings/mail (the marker as its user name), used by a test mail.
    const smtpPassword = `smtp-secret-${run}-Hk3rW9xQ`;
    await configureMail(page, { username: MARKER, password: smtpPassword });
    await page.getByRole("button", { name: "Send a test mail" }).click();
    await expect(page.getByTestId("test-mail-result")).toContainText("accepted the mail");
    secrets["mail settings (SMTP password)"] = smtpPassword;

    for (const [path, value] of Object.entries(secrets)) expect(value, path).toMatch(/^\S{20,}$/);
  });

  await test.step("no secret appears in the log, pages, RSC payloads, audit, exports or database files", async () => {
    const haystacks: Record<string, string> = {};
    const add = (name: string, text: string) => (haystacks[name] = text);

    // Pages that show the clients, scopes, providers and audit events: their HTML and RSC payloads.
    const apiClientPage = `/clients/${pages.apiClientId}`;
    for (const path of [
      pages.client!,
      apiClientPage,
      "/clients",
      pages.scope!,
      "/scopes",
      "/providers",
      "/audit",
      "/",
      "/configuration",
      "/keys",
      "/admins",
      "/account",
      "/settings/mail",
    ]) {
      const html = await request.get(path);
      expect(html.status(), path).toBe(200);
      add(`HTML ${path}`, await html.text());
      const rsc = await request.get(path, { headers: { RSC: "1" } });
      expect(rsc.status(), `${path} (RSC)`).toBe(200);
      add(`RSC ${path}`, await rsc.text());
    }
    // What the browser ends up with after hydration (client-side fetched data included).
    await page.goto(pages.client!);
    add(`DOM ${pages.client}`, await page.content());
    // Error pages: an unknown client, an unknown API record.
    add("404 page", await (await request.get("/clients/no-such-client")).text());
    const auth = await bearer(request, run, secrets["new client secret"]!);
    add("API 404", await (await request.get("/api/v0/oidc/clients/no-such-client", { headers: auth })).text());
    add("API client read", await (await request.get(`/api/v0/oidc/clients/${pages.apiClientId}`, { headers: auth })).text());
    add("API client list", await (await request.get("/api/v0/oidc/clients?page_size=200", { headers: auth })).text());

    // Exports: providers (without and with secrets), the whole portal as JSON and XML, with and
    // without (sealed) provider secrets, through the portal and the API.
    add("provider export (GET)", await (await request.get("/providers/export")).text());
    const withSecrets = await (await request.post("/providers/export", { form: { includeSecrets: "on" } })).text();
    for (const format of ["portal-json", "usercube-xml"]) {
      add(`configuration export ${format}`, await (await request.post("/configuration/export", { form: { format } })).text());
    }
    add(
      "configuration export portal-json with sealed provider secrets",
      await (
        await request.post("/configuration/export", { form: { format: "portal-json", includeProviderSecrets: "on", passphrase: EXPORT_PASSPHRASE } })
      ).text(),
    );
    add("API export JSON", await (await request.get("/api/v0/export", { headers: auth })).text());
    add("API export XML", await (await request.get("/api/v0/export?format=xml", { headers: auth })).text());
    add(
      "API export JSON with sealed provider secrets",
      await (await request.get("/api/v0/export?include_provider_secrets=true", { headers: { ...auth, "x-export-passphrase": EXPORT_PASSPHRASE } })).text(),
    );

    // The server's whole log so far, and the database files' bytes (SQLite file, WAL, shared memory).
    await new Promise((resolve) => setTimeout(resolve, 500));
    add("server log", fs.readFileSync(SERVER_LOG, "utf8"));
    const db = path.join("data", `e2e-${process.env.E2E_PORT ?? "3100"}.db`);
    for (const suffix of ["", "-wal", "-shm"]) {
      if (fs.existsSync(db + suffix)) add(`database file ${path.basename(db + suffix)}`, fs.readFileSync(db + suffix).toString("latin1"));
    }
    expect(Object.keys(haystacks)).toContain(`database file ${path.basename(db)}`);

    // The search works: the planted marker (in the XML, which carries no descriptions: the client's
    // id) is found where it was put.
    const expected: [string, string][] = [
      [`HTML ${pages.client}`, MARKER],
      [`RSC ${pages.client}`, MARKER],
      [`RSC ${pages.scope}`, MARKER],
      ["HTML /audit", run],
      ["HTML /admins", `${run}@example.test`],
      ["HTML /settings/mail", MARKER],
      ["configuration export portal-json", MARKER],
      ["configuration export usercube-xml", run],
      ["API export XML", run],
      ["API client read", MARKER],
    ];
    const markerMissing = expected.filter(([name, value]) => !haystacks[name]?.includes(value)).map(([name]) => name);
    expect(markerMissing, "haystacks that miss the planted marker").toEqual([]);
    const dbText = Object.entries(haystacks)
      .filter(([k]) => k.startsWith("database file"))
      .map(([, v]) => v)
      .join("");
    expect(dbText, "the marker in the database files").toContain(MARKER);
    // The one place a secret is meant to be: the provider export with secrets asked for.
    expect(withSecrets).toContain(PROVIDER_SECRET);

    // The log search works too: a refused cross-origin action logs its Origin, so plant the marker there.
    const planted = await request.post("/clients", {
      headers: { "next-action": "00", origin: `https://${MARKER}.example`, "content-type": "text/plain" },
      data: "[]",
    });
    expect(planted.status()).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fs.readFileSync(SERVER_LOG, "utf8")).toContain(MARKER);

    const leaks = Object.entries(secrets).flatMap(([from, secret]) =>
      Object.entries(haystacks)
        .filter(([, text]) => text.includes(secret))
        .map(([where]) => `${from} → ${where}`),
    );
    expect(leaks, "secrets found outside their single reveal").toEqual([]);
  });
});
