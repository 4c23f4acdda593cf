import Database from "better-sqlite3";
import path from "node:path";
import { type Page } from "@playwright/test";
import { expect, SCREENSHOTS, test } from "./fixtures";
import { errorLines, serverLogMark, serverLogSince } from "./server-log";

// What a browser, a monitor and a scanner read first: the status line. Bad percent-encoding is a 400
// (a page, or JSON under /api/) with a log line; a missing record is a 404 on a full page load; and
// /audit hydrates without an error whatever Unicode the names it shows hold.

const DATABASE = path.join("data", `e2e-${process.env.E2E_PORT ?? "3100"}.db`);

async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("a path whose percent-encoding does not decode answers 400, with a page or JSON and a log line", async ({ page, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const mark = serverLogMark();
  for (const [context, target] of [
    [anonymous, "/invitation/%ZZ"],
    [anonymous, "/signin-%ZZ"],
    [page.request, "/clients/%E0%A4%A"],
    [page.request, "/sign-in/%"],
  ] as const) {
    const response = await context.get(target, { maxRedirects: 0 });
    expect(response.status(), target).toBe(400);
    expect(response.headers()["content-type"]).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Bad request");
  }
  for (const method of ["GET", "PUT", "DELETE"]) {
    const response = await anonymous.fetch("/api/v0/oidc/clients/%ZZ", { method, maxRedirects: 0 });
    expect(response.status(), method).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request", message: expect.stringContaining("percent-encoding") });
  }
  const log = await serverLogSince(mark);
  for (const target of ["/invitation/%ZZ", "/signin-%ZZ", "/clients/%E0%A4%A", "/api/v0/oidc/clients/%ZZ"]) {
    expect(log).toContain(`"path":"${target}"`);
  }
  expect(errorLines(log)).toEqual([]);
  await anonymous.dispose();

  const shown = await page.goto("/clients/%E0%A4%A");
  expect(shown?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "Bad request" })).toBeVisible();
});

test("a record that does not exist answers 404 on a full page load", async ({ page }) => {
  for (const target of ["/clients/no-such-client", "/clients/no-such-client/handover", "/providers/no-such-provider", "/scopes/no-such-scope"]) {
    const response = await page.goto(target);
    expect(response?.status(), target).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await screenshots(page, "status-404");
  // A page that exists still answers 200.
  expect((await page.goto("/clients"))?.status()).toBe(200);
});

/** Names an API caller may send: marks that combine, reorder, hide or break lines, control characters, very long. */
const ODD_NAMES = [
  "combining e\u0301\u0301\u0301 a\u0308\u0323",
  "rtl \u202eevil\u202c \u200f\u05e9\u05dc\u05d5\u05dd",
  "control \u0001\u0002\u001f\u007f",
  "line\u2028separator\u2029 para",
  "zero\u200bwidth\ufeff joiner 👩‍👩‍👧",
  "long " + "x".repeat(190),
];

test("/audit hydrates without an error when events carry odd Unicode names", async ({ page, api: { request: api } }) => {
  const run = Date.now().toString(36);
  const create = (name: string) =>
    api.post("/api/v0/oidc/clients", {
      headers: { "content-type": "application/json" },
      data: JSON.stringify({
        name,
        redirect_uris: ["https://example.com/cb"],
        id_token_signed_response_alg: "RS256",
        token_endpoint_auth_method: "client_secret_basic",
      }),
    });
  for (const name of ODD_NAMES) expect((await create(name)).status(), JSON.stringify(name)).toBe(201);
  // A lone surrogate is no character: refused at its field (it once reached the log and broke this page).
  const lone = await create("lone \ud800 high");
  expect(lone.status()).toBe(400);
  expect((await lone.json()).errors).toEqual([{ path: "name", message: expect.stringContaining("lone UTF-16 surrogate") }]);

  // An event stored before that rule, with a lone surrogate in its changes (JSON keeps it escaped).
  const db = new Database(DATABASE);
  db.prepare(
    `INSERT INTO AuditEvent (id, at, actorType, actorId, actorLabel, action, targetType, targetId, targetLabel, changes) VALUES (?, ?, 'admin', 'legacy', 'legacy@example.test', 'client.updated', 'client', 'legacy', ?, ?)`,
  ).run(`legacy${run}`, new Date().toISOString(), `legacy-${run}`, '{"displayName":{"from":"cut \\ud83d","to":"lone \\udc00 low"}}');
  db.close();

  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto("/audit");
  await page.waitForFunction(() => Object.keys(document.querySelector("form") ?? {}).some((key) => key.startsWith("__react")));
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(table).toContainText("combining e\u0301\u0301\u0301");
  await expect(table).toContainText("line\u2028separator");
  await expect(table.getByTestId("audit-row").filter({ hasText: `legacy-${run}` })).toContainText("lone \ufffd low");
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
  await screenshots(page, "audit-odd-names");
  expect(errors).toEqual([]);
});
