// The audit log's retention (/settings/audit) against the real database: the Owner's setting (bounds,
// field errors, stale saves, audited from/to), and the purge (bounded runs, one audit.purged event
// per run that deleted something, by "system" or the Owner, safe when two run at once).
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createPrismaClient } from "@/lib/db/client";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { purgeAuditNow, saveAuditRetention } from "./actions";
import { PURGE_BATCH, PURGE_MAX_BATCHES, purgeAuditEvents, purgeableCount, scheduleAuditPurge } from "./retention";
import type { AuditRetentionInput } from "./retention-schema";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => ({ get: () => undefined }) }));

const DAY = 86_400_000;
let owner: CurrentAdmin;
let editor: CurrentAdmin;
let auditor: CurrentAdmin;

beforeAll(async () => {
  owner = await createTestAdmin("retention-owner@example.test", { role: "Owner" });
  editor = await createTestAdmin("retention-editor@example.test", { role: "Editor" });
  auditor = await createTestAdmin("retention-auditor@example.test", { role: "Auditor" });
});

beforeEach(async () => {
  await signInAs(owner);
  await prisma.auditSetting.deleteMany();
  await prisma.auditEvent.deleteMany();
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

const keep = (days: number | string, version = 0): AuditRetentionInput => ({ mode: "days", days: String(days), version });
const forever = (version: number): AuditRetentionInput => ({ mode: "forever", days: "", version });

/** `count` events written `ageDays` before `now` (a second apart, oldest first). */
async function eventsAged(count: number, ageDays: number, now: Date, action = "client.updated") {
  const at = now.getTime() - ageDays * DAY;
  await prisma.auditEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      at: new Date(at - (count - i) * 1000),
      actorType: "admin",
      actorId: "adm",
      actorLabel: "old@example.test",
      action,
      targetType: "client",
      targetId: `cl_${i}`,
      targetLabel: `client-${i}`,
    })),
  });
}

const purges = () => prisma.auditEvent.findMany({ where: { action: "audit.purged" }, orderBy: [{ at: "asc" }, { id: "asc" }] });

describe("the retention setting", () => {
  it("keeps every event until an Owner sets days, and audits each change with from and to", async () => {
    const now = new Date();
    await eventsAged(3, 400, now);
    expect(await purgeAuditEvents(prisma, now)).toMatchObject({ deleted: 0, retentionDays: null });
    expect(await prisma.auditEvent.count()).toBe(3);

    expect(ok(await saveAuditRetention(keep(90)))).toEqual({ version: 1, retentionDays: 90 });
    expect(ok(await saveAuditRetention(forever(1)))).toEqual({ version: 2, retentionDays: null });
    const changes = await prisma.auditEvent.findMany({ where: { action: "auditSettings.updated" }, orderBy: { at: "asc" } });
    expect(changes.map((e) => [e.actorLabel, e.targetType, e.changes])).toEqual([
      [owner.email, "auditSettings", { retention: { from: "forever", to: "90 days" } }],
      [owner.email, "auditSettings", { retention: { from: "90 days", to: "forever" } }],
    ]);
    const row = await prisma.auditSetting.findUniqueOrThrow({ where: { id: 1 } });
    expect(row).toMatchObject({ retentionDays: null, version: 2, updatedBy: owner.email });
  });

  it("answers a bad number next to its field, never with a failure, and saves nothing", async () => {
    for (const days of ["29", "3651", "abc", "", "12.5", "-1", "1e3", "99999999999"]) {
      const refused = await saveAuditRetention(keep(days));
      expect(refused.ok ? [] : Object.keys(refused.fieldErrors ?? {}), days).toEqual(["days"]);
      expect(refused).toMatchObject({ ok: false, fieldErrors: { days: ["Enter a whole number of days from 30 to 3650."] } });
    }
    const odd = await saveAuditRetention({ mode: "sometimes", days: "40", version: 0 } as never);
    expect(odd.ok ? [] : Object.keys(odd.fieldErrors ?? {})).toEqual(["mode"]);
    expect(await saveAuditRetention(null as never)).toMatchObject({ ok: false });
    expect(await saveAuditRetention({ mode: "days", days: { n: 1 }, version: "x" } as never)).toMatchObject({ ok: false });
    ok(await saveAuditRetention(keep(" 30 ")));
    ok(await saveAuditRetention(keep(3650, 1)));
    expect(await prisma.auditSetting.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ retentionDays: 3650, version: 2 });
  });

  it("refuses a save based on an older version", async () => {
    ok(await saveAuditRetention(keep(60)));
    ok(await saveAuditRetention(keep(90, 1)));
    expect(await saveAuditRetention(keep(30, 1))).toMatchObject({ ok: false, message: expect.stringContaining("changed by someone else") });
    expect(await saveAuditRetention(keep(30, 0))).toMatchObject({ ok: false, message: expect.stringContaining("changed by someone else") });
    expect((await prisma.auditSetting.findUniqueOrThrow({ where: { id: 1 } })).retentionDays).toBe(90);
  });

  it("is for Owners only, refused inside the actions", async () => {
    for (const admin of [editor, auditor]) {
      await signInAs(admin);
      expect(await saveAuditRetention(keep(30))).toMatchObject({ ok: false, code: "forbidden" });
      expect(await purgeAuditNow({})).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await prisma.auditSetting.count()).toBe(0);
  });
});

describe("the purge", () => {
  it("deletes only events older than the retention, and records one audit.purged event by system", async () => {
    ok(await saveAuditRetention(keep(30)));
    const now = new Date();
    await eventsAged(4, 31, now);
    await eventsAged(2, 29, now, "scope.updated");
    expect(await purgeableCount(prisma, now)).toMatchObject({ count: 4, retentionDays: 30 });

    const result = await purgeAuditEvents(prisma, now);
    expect(result).toMatchObject({ deleted: 4, retentionDays: 30, more: false });
    expect(result.cutoff).toEqual(new Date(now.getTime() - 30 * DAY));
    expect(await prisma.auditEvent.count({ where: { action: "client.updated" } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "scope.updated" } })).toBe(2);
    // The setting's own event is younger than the cutoff: kept.
    expect(await prisma.auditEvent.count({ where: { action: "auditSettings.updated" } })).toBe(1);

    const [purged, ...others] = await purges();
    expect(others).toEqual([]);
    expect(purged).toMatchObject({
      actorType: "system",
      actorId: "",
      actorLabel: "system",
      targetType: "auditSettings",
      changes: { cutoff: new Date(now.getTime() - 30 * DAY).toISOString(), deleted: 4, retentionDays: 30 },
      address: null,
    });

    // Nothing left to delete: no second event.
    expect(await purgeAuditEvents(prisma, now)).toMatchObject({ deleted: 0 });
    expect(await purges()).toHaveLength(1);
  });

  it("deletes in bounded runs: a run stops at its bound and says more remain; the next takes the rest", async () => {
    ok(await saveAuditRetention(keep(30)));
    const now = new Date();
    const bound = PURGE_BATCH * PURGE_MAX_BATCHES;
    await eventsAged(bound + 7, 100, now);
    expect(await purgeAuditEvents(prisma, now)).toMatchObject({ deleted: bound, more: true });
    expect(await purgeAuditEvents(prisma, now)).toMatchObject({ deleted: 7, more: false });
    expect((await purges()).map((e) => e.changes)).toEqual([
      expect.objectContaining({ deleted: bound, more: true }),
      expect.objectContaining({ deleted: 7, retentionDays: 30 }),
    ]);
    expect(await prisma.auditEvent.count({ where: { action: "client.updated" } })).toBe(0);
  });

  it("two purges at once delete each event once and record only what each deleted", async () => {
    ok(await saveAuditRetention(keep(30)));
    const now = new Date();
    await eventsAged(1_200, 45, now);
    const other = createPrismaClient();
    try {
      // On PostgreSQL at once, on separate connections. SQLite's driver is synchronous: a second
      // connection in this one thread waiting for the write lock would block the thread the first
      // needs to commit (two processes, as in production, do not), so there they run in turn.
      const results =
        databaseKind(resolveDatabaseUrl()) === "postgresql"
          ? await Promise.all([purgeAuditEvents(prisma, now), purgeAuditEvents(other, now)])
          : [await purgeAuditEvents(prisma, now), await purgeAuditEvents(other, now)];
      expect(results[0]!.deleted + results[1]!.deleted).toBe(1_200);
      const recorded = (await purges()).map((e) => (e.changes as { deleted: number }).deleted);
      expect(recorded.reduce((a, b) => a + b, 0)).toBe(1_200);
      expect(recorded).toHaveLength(results.filter((r) => r.deleted > 0).length);
    } finally {
      await other.$disconnect();
    }
  });

  it("runs in the background: soon after the start, again while a backlog remains, then waits", async () => {
    ok(await saveAuditRetention(keep(30)));
    const now = new Date();
    const bound = PURGE_BATCH * PURGE_MAX_BATCHES;
    await eventsAged(bound + 3, 60, now);
    const schedule = scheduleAuditPurge({ db: prisma, now: () => now, firstMs: 0, backlogEveryMs: 20, everyMs: 3_600_000 });
    try {
      await vi.waitFor(async () => expect(await purges()).toHaveLength(2), { timeout: 20_000, interval: 50 });
      expect(await prisma.auditEvent.count({ where: { action: "client.updated" } })).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(await purges()).toHaveLength(2);
    } finally {
      await schedule.stop();
    }
  });

  it("Purge now: the Owner's run, audited as theirs; refused while the log is kept forever", async () => {
    expect(await purgeAuditNow({})).toMatchObject({ ok: false, message: expect.stringContaining("kept forever") });
    ok(await saveAuditRetention(keep(30)));
    const now = new Date();
    await eventsAged(5, 31, now);
    expect(ok(await purgeAuditNow({}))).toEqual({ deleted: 5, more: false });
    const [purged] = await purges();
    expect(purged).toMatchObject({ actorType: "admin", actorId: owner.id, actorLabel: owner.email, changes: expect.objectContaining({ deleted: 5 }) });
    // Nothing to delete: no event.
    expect(ok(await purgeAuditNow({}))).toEqual({ deleted: 0, more: false });
    expect(await purges()).toHaveLength(1);
  });
});
