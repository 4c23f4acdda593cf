// The audit export (app/(portal)/audit/export/route.ts): what a security team loads into a
// spreadsheet or a SIEM. The CSV is read back with a real CSV parser (csv-parse), each JSON line is
// checked against the documented schema (docs/audit-event.schema.json) with a real JSON Schema
// validator (Ajv, draft 2020-12).
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as exportRoute from "@/app/(portal)/audit/export/route";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { EXPORT_BATCH_SIZE } from "./export";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));

const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../docs/audit-event.schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

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

let auditor: CurrentAdmin;

type Row = Parameters<typeof prisma.auditEvent.create>[0]["data"];
const base = { actorType: "admin", actorId: "adm_eve", actorLabel: "eve@example.test", targetType: "client" };

/** Events of their own, in 1999, so the other events of this file (the exports' own) stay apart. */
const EVENTS: Row[] = [
  {
    ...base,
    at: new Date("1999-03-01T10:00:00Z"),
    action: "client.updated",
    targetId: "cl_1",
    targetLabel: 'orders, "quoted" and\nnew-line',
    changes: { displayName: { from: "Old", to: '=HYPERLINK("http://evil.example")' }, clientSecret: "replaced" },
    address: "203.0.113.7",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    requestId: "req-1",
  },
  {
    ...base,
    at: new Date("1999-03-02T10:00:00Z"),
    action: "scope.created",
    targetType: "scope",
    targetId: "sc_1",
    targetLabel: "-2 Department/Sales",
    actorLabel: "+mallory@example.test",
    changes: { name: { from: null, to: "@orders.read" } },
    address: "2001:db8::5",
    userAgent: "@evil\tagent",
    requestId: "req-2",
  },
  { ...base, at: new Date("1999-03-03T10:00:00Z"), action: "client.deleted", targetId: "cl_2", targetLabel: "naïve 😀", changes: undefined },
];

async function download(params: Record<string, string>) {
  const response = await exportRoute.GET(new Request(`http://portal.test/audit/export?${new URLSearchParams(params)}`));
  // The bytes as they are, byte order mark included (Response.text() would drop it).
  return { response, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer()) };
}

beforeAll(async () => {
  auditor = await createTestAdmin("auditor@example.test", { role: "Auditor" });
  for (const data of EVENTS) await prisma.auditEvent.create({ data });
});

beforeEach(() => signInAs(auditor));

const range = { from: "1999-03-01T00:00:00Z", to: "1999-03-04T00:00:00Z" };

describe("the CSV export", () => {
  it("opens with the right columns, one row per event, newest first, values intact", async () => {
    const { response, text } = await download({ format: "csv", ...range });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-events-\d{14}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // RFC 4180: CRLF between records (the one in a value stays a plain LF inside its quotes).
    expect(text.split("\r\n")[0]).toBe(`\uFEFF${COLUMNS.map((c) => `"${c}"`).join(",")}`);

    const records: Record<string, string>[] = parseCsv(text, { bom: true, columns: true, record_delimiter: "\r\n" });
    expect(Object.keys(records[0]!)).toEqual(COLUMNS);
    expect(records.map((r) => r.action)).toEqual(["client.deleted", "scope.created", "client.updated"]);

    const [deleted, scope, updated] = records as [Record<string, string>, Record<string, string>, Record<string, string>];
    const stored = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: "cl_1" } });
    // The changes column is JSON (its keys in the database's order: compared parsed, below).
    expect({ ...updated, changes: undefined }).toEqual({
      id: stored.id,
      at: "1999-03-01T10:00:00.000Z",
      actorType: "admin",
      actorId: "adm_eve",
      actorLabel: "eve@example.test",
      action: "client.updated",
      targetType: "client",
      targetId: "cl_1",
      targetLabel: 'orders, "quoted" and\nnew-line',
      changes: undefined,
      address: "203.0.113.7",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
      requestId: "req-1",
    });
    // A formula inside the JSON stays text (the cell starts with "{"); a change reads from, then to.
    expect(JSON.parse(updated.changes!)).toEqual(EVENTS[0]!.changes);
    expect(updated.changes).toContain('"displayName":{"from":"Old","to":"=HYPERLINK');
    expect(deleted).toMatchObject({ targetLabel: "naïve 😀", changes: "", address: "", userAgent: "", requestId: "" });
    // A cell a spreadsheet would run as a formula starts with an apostrophe (OWASP, CSV injection).
    expect(scope).toMatchObject({ targetLabel: "'-2 Department/Sales", actorLabel: "'+mallory@example.test", userAgent: "'@evil\tagent" });
  });

  it("exports only what the filters select: actor, object, event type, time", async () => {
    const count = async (params: Record<string, string>) =>
      (parseCsv((await download({ format: "csv", ...range, ...params })).text, { bom: true, columns: true }) as unknown[]).length;
    expect(await count({})).toBe(3);
    expect(await count({ type: "scope" })).toBe(1);
    expect(await count({ target: "cl_2" })).toBe(1);
    expect(await count({ action: "client.updated" })).toBe(1);
    expect(await count({ actor: "mallory" })).toBe(1);
    expect(await count({ from: "1999-03-02T10:00:00Z" })).toBe(2);
    expect(await count({ to: "1999-03-02T10:00:00Z" })).toBe(1);
  });
});

describe("the JSON Lines export", () => {
  it("writes one event per line, each valid against docs/audit-event.schema.json", async () => {
    const { response, text } = await download({ format: "jsonl", ...range });
    expect(response.headers.get("content-type")).toBe("application/jsonl; charset=utf-8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const event = JSON.parse(line);
      expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(JSON.parse(lines[2]!)).toMatchObject({
      at: "1999-03-01T10:00:00.000Z",
      actor: { type: "admin", id: "adm_eve", label: "eve@example.test" },
      target: { type: "client", id: "cl_1", label: 'orders, "quoted" and\nnew-line' },
      changes: EVENTS[0]!.changes,
      address: "203.0.113.7",
      requestId: "req-1",
    });
    // No formula escaping in JSON: the values are exact.
    expect(JSON.parse(lines[1]!).target.label).toBe("-2 Department/Sales");
  });

  it("the schema refuses what an event is not (so the check above can fail)", () => {
    const good = {
      id: "e",
      at: "1999-03-01T10:00:00.000Z",
      actor: { type: "admin", id: "a", label: "a" },
      action: "x.y",
      target: { type: "t", id: "i", label: "l" },
      changes: null,
      address: null,
      userAgent: null,
      requestId: null,
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, address: "not-an-ip" })).toBe(false);
    expect(validate({ ...good, at: "yesterday" })).toBe(false);
    expect(validate({ ...good, secret: "x" })).toBe(false);
    const { requestId: _, ...missing } = good;
    expect(validate(missing)).toBe(false);
  });
});

describe("the download", () => {
  it("streams in batches: every event once, in order, however many there are", async () => {
    const n = EXPORT_BATCH_SIZE * 2 + 7;
    const at = new Date("1998-01-01T00:00:00Z");
    await prisma.auditEvent.createMany({
      data: Array.from({ length: n }, (_, i) => ({ ...base, at, action: "bulk.test", targetId: `t${i}`, targetLabel: `t${i}` })),
    });
    const findMany = vi.spyOn(prisma.auditEvent, "findMany");
    try {
      const response = await exportRoute.GET(new Request("http://portal.test/audit/export?format=jsonl&action=bulk.test"));
      // The first batch arrives before the rest is read: the file is never built in memory.
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      expect(findMany.mock.calls.length).toBeLessThanOrEqual(2);
      let text = new TextDecoder().decode(first.value);
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
      const ids = text
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).id as string);
      expect(ids).toHaveLength(n);
      expect(new Set(ids).size).toBe(n);
      // Equal times: the id decides, descending, as on the page.
      expect(ids).toEqual([...ids].sort().reverse());
    } finally {
      findMany.mockRestore();
      await prisma.auditEvent.deleteMany({ where: { action: "bulk.test" } });
    }
  });

  it("is audited, naming the format and the filters", async () => {
    await download({ format: "jsonl", action: "client.updated", from: "1999-03-01T00:00:00+01:00" });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "audit.exported" }, orderBy: { at: "desc" } });
    expect(event).toMatchObject({
      actorLabel: "auditor@example.test",
      targetType: "audit",
      changes: { format: "jsonl", filters: { action: "client.updated", from: "1999-02-28T23:00:00Z" } },
    });
  });

  it("refuses a format it does not know and a time it cannot read (400), and a signed-out caller (401)", async () => {
    expect((await download({ format: "xlsx" })).response.status).toBe(400);
    const badTime = await download({ format: "csv", from: "2026-02-30T00:00:00Z" });
    expect(badTime.response.status).toBe(400);
    expect(badTime.text).toContain("RFC 3339");
    await signInAs(null);
    expect((await download({ format: "csv" })).response.status).toBe(401);
  });
});
