import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse as parseCsv } from "csv-parse/sync";
import { expectNoAxeViolations } from "./a11y";
import { expect, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";

const COLUMNS = [
  "id",
  "at",
  "actorType",
  "actorId",
  "actorLabel",
  "action",
  "targetType",
  "targetId",
  "targetLabel",
  "changes",
  "address",
  "userAgent",
  "requestId",
];

test("the audit log filters by time in the URL and exports what it shows as CSV and JSON Lines", async ({ page, api }) => {
  // A minute back, in whole seconds (UTC): the time range starts just before this test's events.
  const since = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const name = uniqueName("audited.scope");
  const scope = await api.createScope({ name, description: "first" });
  await api.request.fetch(`/api/v0/scopes/${scope.id}`, { method: "PUT", data: { name, display_name: name, description: "second", enabled: false } });

  await page.goto(`/audit?target=${encodeURIComponent(name)}`);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  // The update's diff, and where it came from: the caller's address (loopback here) and User-Agent.
  await expect(rows.first()).toContainText("scope.updated");
  await expect(rows.first()).toContainText("description: first → second");
  await expect(rows.first()).toContainText("enabled: true → false");
  await expect(rows.first().getByTestId("audit-origin")).toHaveText(/^(127\.0\.0\.1|::1)$/);

  // The time typed in the form (UTC, no offset) goes into the URL as RFC 3339.
  await waitForHydration(page);
  await page.getByLabel("From (UTC)").fill(since.toISOString().slice(0, 19));
  const rfc3339 = since.toISOString().replace(".000Z", "Z");
  await page.waitForURL((url) => url.searchParams.get("from") === rfc3339);
  // The field's value is the browser's normalised one, which drops ":00" seconds ("…T02:16").
  await expect(page.getByLabel("From (UTC)")).toHaveValue(since.toISOString().slice(0, 19).replace(/:00$/, ""));
  await expect(rows).toHaveCount(2);
  // A time range that ends before the events: none.
  await page.goto(`/audit?target=${encodeURIComponent(name)}&to=${encodeURIComponent(rfc3339)}`);
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await page.goto(`/audit?target=${encodeURIComponent(name)}&from=${encodeURIComponent(rfc3339)}`);
  await expect(rows).toHaveCount(2);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/audit-filters-export.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/audit-filters-export-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // CSV: a file a spreadsheet opens with the right columns, one row per event.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^audit-events-\d{14}\.csv$/);
  const records: Record<string, string>[] = parseCsv(fs.readFileSync((await csv.path())!), { bom: true, columns: true });
  expect(Object.keys(records[0]!)).toEqual(COLUMNS);
  expect(records.map((r) => r.action)).toEqual(["scope.updated", "scope.created"]);
  expect(records[0]).toMatchObject({ targetLabel: name, targetId: scope.id, actorType: "client", address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
  expect(JSON.parse(records[0]!.changes!)).toEqual({ description: { from: "first", to: "second" }, enabled: { from: true, to: false } });

  // JSON Lines: each line valid against the documented schema.
  const jsonlDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "JSON Lines" }).click();
  const jsonl = await jsonlDownload;
  expect(jsonl.suggestedFilename()).toMatch(/^audit-events-\d{14}\.jsonl$/);
  const lines = fs
    .readFileSync((await jsonl.path())!, "utf8")
    .trimEnd()
    .split("\n");
  const ajv = new Ajv2020({ strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync("docs/audit-event.schema.json", "utf8")));
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(validate(JSON.parse(line)), JSON.stringify(validate.errors)).toBe(true);
  expect(JSON.parse(lines[1]!)).toMatchObject({ action: "scope.created", target: { id: scope.id, label: name }, requestId: expect.any(String) });

  // Both exports are in the log themselves, with the filters they used.
  await page.goto(`/audit?action=audit.exported&from=${encodeURIComponent(rfc3339)}`);
  await expect(page.getByTestId("audit-row").filter({ hasText: name })).toHaveCount(2);
});
