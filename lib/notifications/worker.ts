import "server-only";
import type { Db } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { DecryptionError } from "@/lib/crypto/encryption";
import { errorFields, logEvent } from "@/lib/log";
import { UndeliverableError, type Deliver } from "./delivery";
import { MailError } from "./email";
import { OUTBOX_KINDS } from "./kinds";
import { openSealed, outboxWakers, withoutSealed } from "./outbox";
import { PRUNE_EVERY_MS, pruneDeliveries } from "./retention";
import { outboxSettings, retryDelayMs, type OutboxSettings } from "./settings";
import { WebhookRetryError } from "./webhooks";

// The outbox worker: runs in the server process (scripts/server.mjs starts it through the protocol
// bundle), wakes when this process commits a message and polls for the rest (another instance's,
// a retry that fell due). Delivery is at least once: a row stays until delivered or given up, so a
// restart loses nothing. One delivery at a time per row, across instances: a worker claims a row
// with one conditional UPDATE that sets a lease (leaseUntil) only if nobody holds one — on
// PostgreSQL the row lock makes a second UPDATE wait and then find the lease taken; on SQLite the
// database's write lock does the same. A worker that dies mid-delivery leaves the lease to run out;
// another then takes the row (the mail may go twice then: at least once, not exactly once).

export type OutboxWorkerOptions = {
  db?: Db;
  settings?: Partial<OutboxSettings>;
  kinds?: Record<string, Deliver>;
  /** The clock (tests). */
  now?: () => Date;
  /** A name for the log lines (tests run two workers in one process). */
  name?: string;
  /** How often a pass also deletes old deliveries (./retention.ts); default hourly. */
  pruneEveryMs?: number;
};

export type OutboxWorker = {
  /** Starts polling, and listens for this process's commits. */
  start(): void;
  /** Runs a pass now (or right after the one under way). */
  wake(): void;
  /** Delivers every due message once, in this call (tests), and prunes if due; returns how many were delivered or failed. */
  runOnce(): Promise<number>;
  /** Stops, waiting for the delivery under way. */
  stop(): Promise<void>;
};

/** What lastError may hold: the failure's own words for our errors, else only its kind; never a sealed value. */
function describe(error: unknown, sealed: Record<string, string>): string {
  let text =
    error instanceof MailError || error instanceof UndeliverableError || error instanceof WebhookRetryError
      ? error.message
      : error instanceof DecryptionError
        ? "The message could not be opened with the portal's key (PORTAL_ENCRYPTION_KEY changed?)."
        : `${String(errorFields(error).error)}${typeof errorFields(error).code === "string" ? ` ${String(errorFields(error).code)}` : ""}`;
  for (const value of Object.values(sealed)) if (value) text = text.split(value).join("[redacted]");
  return text.slice(0, 500);
}

export function createOutboxWorker(options: OutboxWorkerOptions = {}): OutboxWorker {
  const db = options.db ?? prisma;
  const settings = { ...outboxSettings(), ...options.settings };
  const kinds = options.kinds ?? OUTBOX_KINDS;
  const clock = options.now ?? (() => new Date());
  const name = options.name ?? "outbox";
  const pruneEveryMs = options.pruneEveryMs ?? PRUNE_EVERY_MS;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  let again = false;
  let started = false;
  let stopped = false;
  /** Whether the last pass failed (its error is logged once). */
  let failing = false;
  /** When the next prune is due (ms); the first pass prunes. */
  let pruneAt = 0;
  /** Whether the last prune failed (logged once, as a pass). */
  let pruneFailing = false;

  const due = (now: Date) => ({ nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

  /** Claims, delivers and settles one message; false when another worker had it. */
  async function attempt(id: string): Promise<boolean> {
    const now = clock();
    const leaseUntil = new Date(now.getTime() + settings.leaseMs);
    const { count } = await db.outboxMessage.updateMany({ where: { id, ...due(now) }, data: { leaseUntil, attempts: { increment: 1 } } });
    if (count !== 1) return false;
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id }, select: { id: true, kind: true, payload: true, attempts: true } });
    const mine = { id, leaseUntil };
    let sealed: Record<string, string> = {};
    try {
      const deliver = kinds[row.kind];
      if (!deliver) throw new UndeliverableError(`No delivery for the kind "${row.kind}".`);
      sealed = openSealed(id, row.payload);
      const payload = withoutSealed(row.payload) as Record<string, unknown>;
      const result = await deliver({ id, payload, sealed, attempt: row.attempts, now });
      const skipped = result && "skipped" in result ? result.skipped : null;
      await db.outboxMessage.updateMany({
        where: mine,
        data: {
          deliveredAt: skipped ? null : clock(),
          nextAttemptAt: null,
          leaseUntil: null,
          lastError: skipped ? `Not sent: ${skipped}`.slice(0, 500) : null,
          payload: withoutSealed(row.payload),
        },
      });
      logEvent("info", skipped ? "outbox message not sent" : "outbox message delivered", {
        worker: name,
        messageId: id,
        kind: row.kind,
        attempt: row.attempts,
        ...(skipped ? { reason: skipped } : {}),
      });
    } catch (error) {
      const lastError = describe(error, sealed);
      const giveUp = error instanceof UndeliverableError || error instanceof DecryptionError || row.attempts >= settings.maxAttempts;
      const retryInMs = retryDelayMs(row.attempts, settings);
      await db.outboxMessage.updateMany({
        where: mine,
        data: giveUp
          ? { failedAt: clock(), nextAttemptAt: null, leaseUntil: null, lastError, payload: withoutSealed(row.payload) }
          : { nextAttemptAt: new Date(clock().getTime() + retryInMs), leaseUntil: null, lastError },
      });
      logEvent(giveUp ? "error" : "warn", giveUp ? "outbox message given up" : "outbox delivery failed, will retry", {
        worker: name,
        messageId: id,
        kind: row.kind,
        attempt: row.attempts,
        reason: lastError,
        ...(giveUp ? {} : { retryInMs }),
      });
    }
    return true;
  }

  /**
   * The housekeeping, at most every pruneEveryMs (sooner while a backlog remains). Its failure is its
   * own: deliveries go on, the error is logged once per spell.
   */
  async function prune(): Promise<void> {
    const now = clock();
    if (stopped || now.getTime() < pruneAt) return;
    try {
      const result = await pruneDeliveries(db, now, settings);
      pruneAt = result.more ? 0 : now.getTime() + pruneEveryMs;
      if (result.outboxMessages || result.webhookMessages)
        logEvent("info", "old deliveries deleted", { worker: name, outboxMessages: result.outboxMessages, webhookMessages: result.webhookMessages });
      if (pruneFailing) logEvent("info", "outbox housekeeping running again", { worker: name });
      pruneFailing = false;
    } catch (error) {
      if (!pruneFailing) logEvent("error", "outbox housekeeping failed; retrying at the next pass", { worker: name, ...errorFields(error) });
      pruneFailing = true;
    }
  }

  /** One pass: every message due now, oldest first; then the housekeeping if due. */
  async function pass(): Promise<number> {
    const handled = await deliverDue();
    await prune();
    return handled;
  }

  async function deliverDue(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await db.outboxMessage.findMany({ where: due(clock()), select: { id: true }, orderBy: { nextAttemptAt: "asc" }, take: 20 });
      let progressed = false;
      for (const { id } of batch) {
        if (stopped) return handled;
        if (await attempt(id)) {
          handled++;
          progressed = true;
        }
      }
      if (!progressed) return handled;
    }
  }

  function schedule(ms: number) {
    if (stopped || !started) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref?.();
  }

  function run() {
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .then(
        (handled) => {
          if (failing) logEvent("info", "outbox worker running again", { worker: name });
          failing = false;
          return handled;
        },
        (error: unknown) => {
          // Once per spell (the database away, say), not at every poll.
          if (!failing) logEvent("error", "outbox pass failed; retrying at every poll", { worker: name, ...errorFields(error) });
          failing = true;
          return 0;
        },
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule(0);
        } else schedule(settings.pollMs);
      });
  }

  const wake = () => {
    if (running) again = true;
    else schedule(0);
  };

  return {
    start() {
      if (started) return;
      started = true;
      outboxWakers().add(wake);
      schedule(0);
    },
    wake,
    async runOnce() {
      while (running) await running;
      return pass();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      outboxWakers().delete(wake);
      await running;
    },
  };
}
