import { beforeAll, describe, expect, it, vi } from "vitest";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { recordAudit, type Actor, type AuditInput } from "./audit";
import { AUDIT_PAGE_SIZE, auditListHref, auditListQuerySchema, isAuditFiltered } from "./list-query";
import { listAuditEvents, listAuditFilterOptions } from "./queries";

// The queries never read the session, but nothing here may reach Auth.js either.
vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn(), requireAdmin: vi.fn() }));

const alice: Actor = { type: "admin", id: "admin-alice", label: "alice@example.test" };
const bob: Actor = { type: "admin", id: "admin-bob", label: "bob@example.test" };

/** Writes one event the way the actions do (recordAudit inside a transaction), at a fixed time. */
async function record(actor: Actor, event: AuditInput, at: string) {
  await prisma.$transaction((tx) => recordAudit(tx, actor, event));
  // The new event is the only one at "now": every earlier one was moved into 2000–2001.
  const last = await prisma.auditEvent.findFirstOrThrow({ where: { at: { gt: new Date("2020-01-01") } } });
  await prisma.auditEvent.update({ where: { id: last.id }, data: { at: new Date(at) } });
  return last.id;
}

const q = (params: Record<string, string> = {}) => auditListQuerySchema.parse(params);
const actions = (rows: { action: string }[]) => rows.map((r) => r.action);

const orders = { type: "client", id: "cl_orders", label: "orders-api" };
const billing = { type: "client", id: "cl_billing", label: "billing-orders-sync" };

beforeAll(async () => {
  // Oldest first; `at` is set explicitly (in the past) so the order does not depend on the clock.
  await record(alice, { action: "client.created", target: orders, changes: { displayName: { from: null, to: "Orders" } } }, "2001-01-01T10:00:00Z");
  await record(alice, { action: "secret.created", target: orders, changes: { hint: "abcd" } }, "2001-01-01T10:00:01Z");
  await record(bob, { action: "client.created", target: billing }, "2001-01-02T09:00:00Z");
  await record(bob, { action: "profile.created", target: { type: "profile", id: "pr_1", label: "Administrator" } }, "2001-01-03T09:00:00Z");
  await record(alice, { action: "profileContext.updated", target: { type: "profileContext", id: "-2", label: "-2 Department/Sales" } }, "2001-01-04T09:00:00Z");
  await record(bob, { action: "secret.revoked", target: orders, changes: { hint: "abcd" } }, "2001-01-05T09:00:00Z");
});

describe("listAuditEvents", () => {
  it("lists every event newest first", async () => {
    const { rows, total, page, pageCount } = await listAuditEvents(q());
    expect(total).toBe(6);
    expect({ page, pageCount }).toEqual({ page: 1, pageCount: 1 });
    expect(actions(rows)).toEqual(["secret.revoked", "profileContext.updated", "profile.created", "client.created", "secret.created", "client.created"]);
    expect(rows[0]).toMatchObject({
      actorLabel: "bob@example.test",
      targetType: "client",
      targetId: "cl_orders",
      targetLabel: "orders-api",
      changes: { hint: "abcd" },
    });
  });

  it("filters by target type (exact)", async () => {
    expect(actions((await listAuditEvents(q({ type: "profile" }))).rows)).toEqual(["profile.created"]);
    expect(actions((await listAuditEvents(q({ type: "profileContext" }))).rows)).toEqual(["profileContext.updated"]);
    expect((await listAuditEvents(q({ type: "client" }))).total).toBe(4);
    expect((await listAuditEvents(q({ type: "prof" }))).total).toBe(0);
  });

  it("filters by target: part of the label, or the exact internal id", async () => {
    const byLabel = await listAuditEvents(q({ target: "orders-api" }));
    expect(actions(byLabel.rows)).toEqual(["secret.revoked", "secret.created", "client.created"]);
    expect(byLabel.rows.every((r) => r.targetId === "cl_orders")).toBe(true);

    // "orders" is part of both clients' client_ids.
    expect((await listAuditEvents(q({ target: "orders" }))).total).toBe(4);

    const byId = await listAuditEvents(q({ target: "cl_billing" }));
    expect(byId.rows.map((r) => r.targetLabel)).toEqual(["billing-orders-sync"]);
    // An id matches only exactly.
    expect((await listAuditEvents(q({ target: "cl_bill" }))).total).toBe(0);
  });

  it("filters by actor: part of the actor's label", async () => {
    const bobs = await listAuditEvents(q({ actor: "bob@example.test" }));
    expect(actions(bobs.rows)).toEqual(["secret.revoked", "profile.created", "client.created"]);
    expect((await listAuditEvents(q({ actor: "alice" }))).total).toBe(3);
    expect((await listAuditEvents(q({ actor: "carol" }))).total).toBe(0);
  });

  it("filters by action (exact) and combines filters", async () => {
    expect((await listAuditEvents(q({ action: "client.created" }))).total).toBe(2);
    expect((await listAuditEvents(q({ action: "client" }))).total).toBe(0);
    const combined = await listAuditEvents(q({ action: "client.created", actor: "alice", target: "orders" }));
    expect(combined.rows.map((r) => r.targetLabel)).toEqual(["orders-api"]);
  });

  it("filters by time: at or after `from`, before `to`, offsets honoured", async () => {
    const range = await listAuditEvents(q({ from: "2001-01-02T00:00:00Z", to: "2001-01-04T09:00:00Z" }));
    expect(actions(range.rows)).toEqual(["profile.created", "client.created"]);
    // `to` is exclusive; `from` inclusive.
    expect(actions((await listAuditEvents(q({ from: "2001-01-04T09:00:00Z", to: "2001-01-05T09:00:00Z" }))).rows)).toEqual(["profileContext.updated"]);
    // 01:00 at +02:00 is 23:00 UTC the day before; a time without an offset is UTC.
    expect((await listAuditEvents(q({ from: "2001-01-02T01:00:00+02:00", to: "2001-01-02T09:00:01" }))).total).toBe(1);
    expect((await listAuditEvents(q({ to: "2001-01-01T10:00:01Z" }))).total).toBe(1);
    expect((await listAuditEvents(q({ from: "2001-01-05", action: "secret.revoked" }))).total).toBe(1);
  });

  it("filters by actor: the exact internal id too", async () => {
    expect((await listAuditEvents(q({ actor: "admin-bob" }))).total).toBe(3);
    expect((await listAuditEvents(q({ actor: "admin-bo" }))).total).toBe(0);
  });

  it("links only to clients that still exist", async () => {
    const profile = await prisma.profile.create({ data: { identifier: "Audit", displayName: "Audit" } });
    const client = await prisma.client.create({ data: clientRow("live-client", profile.id) });
    await record(alice, { action: "client.created", target: { type: "client", id: client.id, label: client.clientId } }, "2001-01-06T00:00:00Z");
    const { rows } = await listAuditEvents(q({ action: "client.created" }));
    expect(rows.map((r) => [r.targetLabel, r.targetExists])).toEqual([
      ["live-client", true],
      ["billing-orders-sync", false],
      ["orders-api", false],
    ]);
    await prisma.auditEvent.deleteMany({ where: { targetId: client.id } });
    await prisma.client.delete({ where: { id: client.id } });
    await prisma.profile.delete({ where: { id: profile.id } });
  });
});

describe("pagination", () => {
  it(`pages by ${AUDIT_PAGE_SIZE}, newest first, with a stable order when times are equal`, async () => {
    const target = { type: "scope", id: "sc_many", label: "many.read" };
    const same = "2000-06-01T00:00:00Z";
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await record(alice, { action: "scope.updated", target, changes: { n: i } }, same);

    const first = await listAuditEvents(q({ type: "scope" }));
    expect(first).toMatchObject({ total: AUDIT_PAGE_SIZE + 5, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    const second = await listAuditEvents(q({ type: "scope", page: "2" }));
    expect(second.page).toBe(2);
    expect(second.rows).toHaveLength(5);

    // Same `at` everywhere: the id (descending) decides, and no event is on both pages or missing.
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(AUDIT_PAGE_SIZE + 5);
    expect(ids).toEqual([...ids].sort().reverse());

    // A page past the end shows the last page.
    expect((await listAuditEvents(q({ type: "scope", page: "9" }))).page).toBe(2);
    // The other events (2001) are newer than the scope events (2000), so they open the first page.
    const all = await listAuditEvents(q());
    expect(all.rows[0]!.action).toBe("secret.revoked");
    expect(all.pageCount).toBe(2);
  });
});

describe("odd text in the log", () => {
  it("writes a lone surrogate as U+FFFD (labels and changes), on either database", async () => {
    const odd: Actor = { type: "admin", id: "admin-odd", label: "odd \ud800@example.test" };
    await record(
      odd,
      { action: "client.created", target: { type: "client", id: "cl_odd", label: "odd-\udc00" }, changes: { displayName: { from: null, to: "cut \ud83d" } } },
      "2000-06-01T00:00:00Z",
    );
    try {
      const stored = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: "cl_odd" } });
      expect(stored).toMatchObject({
        actorLabel: "odd \ufffd@example.test",
        targetLabel: "odd-\ufffd",
        changes: { displayName: { from: null, to: "cut \ufffd" } },
      });
    } finally {
      await prisma.auditEvent.deleteMany({ where: { targetId: "cl_odd" } });
    }
  });

  it("shows a lone surrogate stored earlier in the changes as U+FFFD (SQLite's JSON keeps it; PostgreSQL's refuses it)", async () => {
    const row = {
      actorType: "admin",
      actorId: "admin-old",
      actorLabel: "old@example.test",
      action: "client.created",
      targetType: "client",
      targetId: "cl_old",
      targetLabel: "old",
    };
    const raw = prisma.auditEvent.create({
      data: { ...row, at: new Date("2000-06-01T00:00:00Z"), changes: { displayName: { from: null, to: "cut \ud83d" }, ["k\udc00"]: "v" } },
    });
    if (databaseKind(resolveDatabaseUrl()) === "postgresql") return void (await expect(raw).rejects.toThrow(/json/i));
    await raw;
    try {
      const { rows } = await listAuditEvents(q({ target: "cl_old" }));
      expect(rows[0]!.changes).toEqual({ displayName: { from: null, to: "cut \ufffd" }, ["k\ufffd"]: "v" });
    } finally {
      await prisma.auditEvent.deleteMany({ where: { targetId: "cl_old" } });
    }
  });
});

describe("listAuditFilterOptions", () => {
  it("returns each target type, action and actor once, sorted", async () => {
    const options = await listAuditFilterOptions();
    expect(options.targetTypes).toEqual(["client", "profile", "profileContext", "scope"]);
    expect(options.actions).toEqual(["client.created", "profile.created", "profileContext.updated", "scope.updated", "secret.created", "secret.revoked"]);
    expect(options.actors).toEqual(["alice@example.test", "bob@example.test"]);
  });
});

describe("auditListQuerySchema", () => {
  it("forgives malformed parameters instead of failing the page", () => {
    expect(auditListQuerySchema.parse({ page: "-3", type: ["client", "profile"], target: "  orders  ", actor: "x".repeat(500) })).toEqual({
      type: "client",
      target: "orders",
      actor: "",
      action: "",
      from: "",
      to: "",
      page: 1,
    });
  });

  it("writes times as RFC 3339 in UTC; a time that does not exist is no filter", () => {
    const parse = (from: string) => auditListQuerySchema.parse({ from }).from;
    expect(parse("2026-12-06T18:34")).toBe("2026-12-06T18:34:00Z");
    expect(parse("2026-12-06t18:34:05.250z")).toBe("2026-12-06T18:34:05.250Z");
    expect(parse("2026-12-06T20:34:05+02:00")).toBe("2026-12-06T18:34:05Z");
    expect(parse("2026-12-06")).toBe("2026-12-06T00:00:00Z");
    for (const bad of ["2026-02-30T00:00:00Z", "2026-12-06T25:00Z", "yesterday", "2026-12-06T18:34:00+25:00", "1e12"]) expect(parse(bad), bad).toBe("");
    expect(isAuditFiltered(auditListQuerySchema.parse({ to: "2026-12-06T18:34:00Z" }))).toBe(true);
    expect(auditListHref(auditListQuerySchema.parse({ from: "2026-12-06T20:34+02:00", page: "3" }))).toBe("/audit?from=2026-12-06T18%3A34%3A00Z&page=3");
  });
});
