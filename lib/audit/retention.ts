import "server-only";
import { MAX_IN_LIST, type Db, type Tx } from "@/lib/db/client";
import { errorFields, logEvent } from "@/lib/log";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit";
import { AUDIT_SETTING_ID } from "./retention-vocabulary";

// How long the audit log is kept (docs/decisions/028-audit-trail.md, "Retention"): an Owner sets a
// number of days at /settings/audit (one AuditSetting row; none, or null days, keeps every event).
// The background worker purges at most hourly (lib/notifications/background.ts); an Owner may purge
// now. A run is one short transaction of bounded statements that deletes events older than the
// cutoff and records what it did (`audit.purged`: cutoff, count, who — "system" or the Owner), so the
// deletion and its trace commit together or not at all. Two instances may purge at once: a run
// starts by stamping the setting's row (lastPurgeAt), so the second waits for the first to commit,
// then finds nothing old left, deletes nothing and writes no event. Each statement re-checks the
// age too (oldest first, then by id), so a run never deletes a young event.

/** Events per statement. */
export const PURGE_BATCH = MAX_IN_LIST;
/** Statements per run: a run deletes at most PURGE_BATCH × PURGE_MAX_BATCHES events (10,000). */
export const PURGE_MAX_BATCHES = 20;
/** How often the worker purges when the last run finished the work. */
export const PURGE_EVERY_MS = 3_600_000;
/** How soon the worker comes back when the last run stopped at its bound. */
export const PURGE_BACKLOG_EVERY_MS = 60_000;

const DAY_MS = 86_400_000;

export const AUDIT_SETTINGS_TARGET = { type: "auditSettings", id: String(AUDIT_SETTING_ID), label: "Audit log retention" };

/** The retention in force: a number of days, or null (keep forever). With `db` a transaction: read in it. */
export async function auditRetentionDays(db: Pick<Db, "auditSetting"> | Tx): Promise<number | null> {
  const row = await db.auditSetting.findUnique({ where: { id: AUDIT_SETTING_ID }, select: { retentionDays: true } });
  return row?.retentionDays ?? null;
}

/** Events strictly before this instant are past a retention of `days` at `now`. */
export function purgeCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

export type PurgeResult = {
  deleted: number;
  cutoff: Date | null;
  retentionDays: number | null;
  /** the run stopped at its bound: more to delete */ more: boolean;
};

/** How many events a purge at `now` would delete (all runs together); 0 when the log is kept forever. */
export async function purgeableCount(
  db: Pick<Db, "auditSetting" | "auditEvent">,
  now: Date,
): Promise<{ count: number; cutoff: Date | null; retentionDays: number | null }> {
  const retentionDays = await auditRetentionDays(db);
  if (retentionDays === null) return { count: 0, cutoff: null, retentionDays };
  const cutoff = purgeCutoff(now, retentionDays);
  return { count: await db.auditEvent.count({ where: { at: { lt: cutoff } } }), cutoff, retentionDays };
}

/**
 * One purge run in `tx`: deletes at most PURGE_MAX_BATCHES batches of events older than the saved
 * retention at `now`, and when it deleted something records one `audit.purged` event by `actor`
 * (SYSTEM_ACTOR for the worker) with the cutoff, the count and the retention, in the same
 * transaction. Nothing happens while the log is kept forever.
 */
export async function purgeAuditEventsIn(tx: Tx, now: Date, actor: Actor = SYSTEM_ACTOR): Promise<PurgeResult> {
  // A write first: it takes the setting's row (PostgreSQL) or the database's write lock (SQLite)
  // before anything is read, so a second run waits for the first and then finds its work done.
  const [setting] = await tx.auditSetting.updateManyAndReturn({
    where: { id: AUDIT_SETTING_ID, retentionDays: { not: null } },
    data: { lastPurgeAt: now },
    select: { retentionDays: true },
  });
  const retentionDays = setting?.retentionDays ?? null;
  if (retentionDays === null) return { deleted: 0, cutoff: null, retentionDays, more: false };
  const cutoff = purgeCutoff(now, retentionDays);
  const old = { at: { lt: cutoff } };
  let deleted = 0;
  let more = true;
  for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
    const ids = (await tx.auditEvent.findMany({ where: old, select: { id: true }, orderBy: [{ at: "asc" }, { id: "asc" }], take: PURGE_BATCH })).map(
      (e) => e.id,
    );
    if (ids.length > 0) deleted += (await tx.auditEvent.deleteMany({ where: { id: { in: ids }, ...old } })).count;
    if (ids.length < PURGE_BATCH) {
      more = false;
      break;
    }
  }
  if (deleted > 0) {
    await recordAudit(tx, actor, {
      action: "audit.purged",
      target: AUDIT_SETTINGS_TARGET,
      changes: { cutoff: cutoff.toISOString(), deleted, retentionDays, ...(more ? { more: true } : {}) },
    });
  }
  return { deleted, cutoff, retentionDays, more };
}

/** One purge run in its own transaction (the worker's). */
export function purgeAuditEvents(db: Db, now: Date, actor: Actor = SYSTEM_ACTOR): Promise<PurgeResult> {
  return db.$transaction((tx) => purgeAuditEventsIn(tx, now, actor), { timeout: 60_000 });
}

export type AuditPurgeSchedule = { stop(): Promise<void> };

/**
 * The worker's purge (lib/notifications/background.ts starts it): a first run `firstMs` after the
 * start, then every PURGE_EVERY_MS, or PURGE_BACKLOG_EVERY_MS while a run stopped at its bound. The
 * retention is read at each run (an Owner may change it meanwhile). A failed run is logged once per
 * spell and tried again at the next hour.
 */
export function scheduleAuditPurge({
  db,
  now,
  firstMs = 60_000,
  everyMs = PURGE_EVERY_MS,
  backlogEveryMs = PURGE_BACKLOG_EVERY_MS,
}: {
  db: Db;
  now: () => Date;
  firstMs?: number;
  everyMs?: number;
  backlogEveryMs?: number;
}): AuditPurgeSchedule {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let failing = false;
  const next = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref?.();
  };
  function run() {
    running = purgeAuditEvents(db, now()).then(
      (result) => {
        if (result.deleted) logEvent("info", "old audit events deleted", { deleted: result.deleted, cutoff: result.cutoff?.toISOString(), more: result.more });
        failing = false;
        next(result.more ? backlogEveryMs : everyMs);
      },
      (error: unknown) => {
        if (!failing) logEvent("error", "audit purge failed; retrying in an hour", errorFields(error));
        failing = true;
        next(everyMs);
      },
    );
  }
  next(firstMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
