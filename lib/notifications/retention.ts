import "server-only";
import { MAX_IN_LIST, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { EXPIRY_WARNING_DAYS } from "./secret-expiry";
import type { OutboxSettings } from "./settings";
import { WEBHOOK_DELIVERY } from "./webhooks";

// The outbox's housekeeping (docs/decisions/022-outbox-and-mail.md, "Retention"): the worker deletes
// what is done and old, in small batches of short statements, so neither the outbox nor a webhook's
// delivery log grows forever.
// - A message still to send (nextAttemptAt set, or a lease held) is never deleted, whatever its age.
// - Delivered and deliberately not sent: OUTBOX_RETENTION_DAYS after the delivery (the creation).
// - Given up: OUTBOX_FAILED_RETENTION_DAYS after it was given up, so an Owner can still see it and
//   retry it ("Deliveries").
// - A row with a dedupe key stays while its key can still matter: an expiry warning is written at
//   most 30 days before the expiry and never after it, so after 31 days no scan asks for the key.
// - A webhook message (the delivery log) goes OUTBOX_RETENTION_DAYS after its delivery, or
//   OUTBOX_FAILED_RETENTION_DAYS after its creation if it never was delivered — but never while an
//   attempt of the last OUTBOX_RETENTION_DAYS is in its log or an outbox row still has it to send.
// Two instances may prune at once: both pick the same ids (in id order, so their row locks are taken
// in one order and cannot deadlock), one deletes them, the other deletes nothing (each DELETE
// re-checks the conditions; no error, no lock held between statements).

/** Rows per statement. */
export const PRUNE_BATCH = MAX_IN_LIST;
/** Statements per table and pass: a pass stays short; the worker comes back soon for the rest. */
export const PRUNE_MAX_BATCHES = 10;
/** How often a worker prunes (each instance; a pass that did not finish comes back at the next poll). */
export const PRUNE_EVERY_MS = 3_600_000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a dedupe key can still be asked for (the longest expiry warning, and a day). */
const DEDUPE_KEY_DAYS = Math.max(...EXPIRY_WARNING_DAYS) + 1;

export type PruneResult = { outboxMessages: number; webhookMessages: number; /** the pass stopped at its bound: more to delete */ more: boolean };

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** The outbox rows that may go at `now`. */
function prunableOutbox(now: Date, { retentionDays, failedRetentionDays }: Pick<OutboxSettings, "retentionDays" | "failedRetentionDays">) {
  const kept = before(now, retentionDays);
  return {
    nextAttemptAt: null,
    leaseUntil: null,
    OR: [
      { deliveredAt: { lt: kept } },
      // Not sent on purpose (the link was revoked meanwhile): no time of its own but its creation.
      { deliveredAt: null, failedAt: null, createdAt: { lt: kept } },
      { failedAt: { lt: before(now, failedRetentionDays) } },
    ],
    AND: [{ OR: [{ dedupeKey: null }, { createdAt: { lt: before(now, DEDUPE_KEY_DAYS) } }] }],
  } satisfies Prisma.OutboxMessageWhereInput;
}

/** The webhook messages that may go at `now`, but for those an outbox row still has to send. */
function prunableWebhookMessages(now: Date, { retentionDays, failedRetentionDays }: Pick<OutboxSettings, "retentionDays" | "failedRetentionDays">) {
  const kept = before(now, retentionDays);
  return {
    OR: [{ deliveredAt: { lt: kept } }, { deliveredAt: null, createdAt: { lt: before(now, failedRetentionDays) } }],
    attempts: { none: { at: { gte: kept } } },
  } satisfies Prisma.WebhookMessageWhereInput;
}

/** Deletes one table's prunable rows in batches; returns how many, and whether it stopped at its bound. */
async function inBatches(pick: () => Promise<string[]>, remove: (ids: string[]) => Promise<number>): Promise<{ deleted: number; more: boolean }> {
  let deleted = 0;
  for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch++) {
    const ids = await pick();
    if (ids.length === 0) return { deleted, more: false };
    deleted += await remove(ids);
    if (ids.length < PRUNE_BATCH) return { deleted, more: false };
  }
  return { deleted, more: true };
}

/** Deletes what is done and older than the retention (see above), at most a bounded amount per call. */
export async function pruneDeliveries(db: Db, now: Date, settings: Pick<OutboxSettings, "retentionDays" | "failedRetentionDays">): Promise<PruneResult> {
  const outboxWhere = prunableOutbox(now, settings);
  const outbox = await inBatches(
    async () => (await db.outboxMessage.findMany({ where: outboxWhere, select: { id: true }, orderBy: { id: "asc" }, take: PRUNE_BATCH })).map((r) => r.id),
    async (ids) => (await db.outboxMessage.deleteMany({ where: { id: { in: ids }, ...outboxWhere } })).count,
  );

  // The messages a webhook row still has to send (pending, or leased) keep their log. Such a row is
  // rare this old (one retried by hand long after the event), so the few are read, not joined; should
  // there be more than one list holds, only messages older than all of them are candidates this pass.
  const sending = await db.outboxMessage.findMany({
    where: {
      kind: WEBHOOK_DELIVERY,
      OR: [{ nextAttemptAt: { not: null } }, { leaseUntil: { not: null } }],
      createdAt: { lt: before(now, settings.retentionDays - 1) },
    },
    select: { payload: true, createdAt: true },
    orderBy: { createdAt: "asc" },
    take: MAX_IN_LIST,
  });
  const busy = sending.map((r) => (r.payload as { messageId?: unknown } | null)?.messageId).filter((id): id is string => typeof id === "string");
  const webhookWhere: Prisma.WebhookMessageWhereInput = {
    ...prunableWebhookMessages(now, settings),
    ...(busy.length ? { id: { notIn: busy } } : {}),
    ...(sending.length === MAX_IN_LIST ? { createdAt: { lt: before(sending[0]!.createdAt, 1) } } : {}),
  };
  const webhook = await inBatches(
    async () => (await db.webhookMessage.findMany({ where: webhookWhere, select: { id: true }, orderBy: { id: "asc" }, take: PRUNE_BATCH })).map((r) => r.id),
    // The attempts first (the foreign key cascades too; this does not depend on it), in one short transaction.
    async (ids) =>
      (
        await db.$transaction([
          db.webhookAttempt.deleteMany({ where: { messageId: { in: ids }, message: webhookWhere } }),
          db.webhookMessage.deleteMany({ where: { AND: [{ id: { in: ids } }, webhookWhere] } }),
        ])
      )[1].count,
  );
  return { outboxMessages: outbox.deleted, webhookMessages: webhook.deleted, more: outbox.more || webhook.more };
}
