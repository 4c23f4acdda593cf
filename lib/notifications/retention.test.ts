import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { prisma } from "@/lib/testing/db";
import { PRUNE_BATCH, PRUNE_MAX_BATCHES, pruneDeliveries } from "./retention";
import { WEBHOOK_DELIVERY } from "./webhooks";
import { createOutboxWorker, type OutboxWorkerOptions } from "./worker";

// Retention (docs/decisions/022-outbox-and-mail.md): the worker deletes old, finished deliveries in
// bounded batches and never a message still to send, on the test's own database (SQLite, or
// PostgreSQL with PORTAL_TEST_DATABASE=postgresql). The clock is injected; the rows are written with
// the ages each case needs.

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

/** A worker at NOW with the default retention (30 days, given up 90); no kind: nothing here is due. */
const worker = (options: OutboxWorkerOptions = {}) => createOutboxWorker({ kinds: {}, now: () => NOW, ...options });

type Row = { createdAt: Date; deliveredAt?: Date; failedAt?: Date; nextAttemptAt?: Date; leaseUntil?: Date; dedupeKey?: string; lastError?: string };

async function outboxRow(name: string, row: Row, kind = "test.mail", payload: object = { name }) {
  const id = randomUUID();
  await prisma.outboxMessage.create({ data: { id, kind, payload, attempts: 1, ...row } });
  return id;
}
const outboxLeft = async () => (await prisma.outboxMessage.findMany({ select: { payload: true } })).map((r) => (r.payload as { name: string }).name).sort();

let endpointId: string;
async function webhookMessage(name: string, createdAt: Date, deliveredAt: Date | null, attempts: { at: Date; ok: boolean }[]) {
  const id = `msg_${name}_${randomUUID()}`;
  await prisma.webhookMessage.create({ data: { id, endpointId, type: "audit.scope.created", payload: { name }, createdAt, deliveredAt } });
  await prisma.webhookAttempt.createMany({
    data: attempts.map((a, i) => ({ messageId: id, number: i + 1, at: a.at, ok: a.ok, statusCode: a.ok ? 204 : 500, durationMs: 3 })),
  });
  return id;
}
const webhookLeft = async () =>
  (await prisma.webhookMessage.findMany({ select: { payload: true, _count: { select: { attempts: true } } } }))
    .map((m) => `${(m.payload as { name: string }).name}:${m._count.attempts}`)
    .sort();

beforeEach(async () => {
  await prisma.outboxMessage.deleteMany();
  await prisma.webhookEndpoint.deleteMany();
  endpointId = (
    await prisma.webhookEndpoint.create({
      data: { url: "https://siem.example.test/in", events: ["audit.*"], secretEncrypted: "not-used-here", createdBy: "test" },
      select: { id: true },
    })
  ).id;
});
afterEach(() => vi.restoreAllMocks());

describe("outbox retention", () => {
  it("deletes delivered, not-sent and long given-up messages; keeps recent ones and every message still to send", async () => {
    await outboxRow("delivered 40 days ago", { createdAt: ago(41), deliveredAt: ago(40) });
    await outboxRow("delivered 10 days ago", { createdAt: ago(41), deliveredAt: ago(10) });
    await outboxRow("not sent, 40 days old", { createdAt: ago(40), lastError: "Not sent: the link is revoked" });
    await outboxRow("given up 45 days ago", { createdAt: ago(46), failedAt: ago(45), lastError: "550 no such user" });
    await outboxRow("given up 100 days ago", { createdAt: ago(101), failedAt: ago(100), lastError: "550 no such user" });
    await outboxRow("waiting for 200 days", { createdAt: ago(200), nextAttemptAt: new Date(NOW.getTime() + 3600_000), lastError: "451 busy" });
    await outboxRow("being sent, 200 days old", { createdAt: ago(200), nextAttemptAt: ago(1), leaseUntil: new Date(NOW.getTime() + 60_000) });

    await worker().runOnce();
    expect(await outboxLeft()).toEqual(["being sent, 200 days old", "delivered 10 days ago", "given up 45 days ago", "waiting for 200 days"]);
  });

  it("keeps a dedupe key while an expiry scan may still ask for it, even with a short retention", async () => {
    await outboxRow("warning delivered 20 days ago", { createdAt: ago(20), deliveredAt: ago(20), dedupeKey: `secret-expiry:a:${randomUUID()}:30d` });
    await outboxRow("warning delivered 40 days ago", { createdAt: ago(40), deliveredAt: ago(40), dedupeKey: `secret-expiry:b:${randomUUID()}:30d` });
    await outboxRow("mail delivered 20 days ago", { createdAt: ago(20), deliveredAt: ago(20) });

    await worker({ settings: { retentionDays: 7 } }).runOnce();
    expect(await outboxLeft()).toEqual(["warning delivered 20 days ago"]);
  });

  it("prunes in bounded batches, at most every so often, and comes back soon for a backlog", async () => {
    const total = PRUNE_BATCH * PRUNE_MAX_BATCHES + 7;
    const rows = Array.from({ length: total }, (_, i) => ({
      id: randomUUID(),
      kind: "test.mail",
      payload: { name: `old ${i}` },
      createdAt: ago(60),
      deliveredAt: ago(60),
    }));
    for (let i = 0; i < rows.length; i += PRUNE_BATCH) await prisma.outboxMessage.createMany({ data: rows.slice(i, i + PRUNE_BATCH) });
    const deleteMany = vi.spyOn(prisma.outboxMessage, "deleteMany");

    let at = NOW;
    const w = worker({ now: () => at, pruneEveryMs: 3600_000 });
    await w.runOnce();
    // One pass: PRUNE_MAX_BATCHES statements of PRUNE_BATCH rows each, no more.
    expect(deleteMany).toHaveBeenCalledTimes(PRUNE_MAX_BATCHES);
    expect(await prisma.outboxMessage.count()).toBe(7);
    // A backlog remained: the next pass goes on at once.
    await w.runOnce();
    expect(await prisma.outboxMessage.count()).toBe(0);

    // Done: the next prune waits for pruneEveryMs.
    await outboxRow("delivered meanwhile, 60 days ago", { createdAt: ago(60), deliveredAt: ago(60) });
    at = new Date(NOW.getTime() + 60_000);
    await w.runOnce();
    expect(await outboxLeft()).toEqual(["delivered meanwhile, 60 days ago"]);
    at = new Date(NOW.getTime() + 3600_000);
    await w.runOnce();
    expect(await outboxLeft()).toEqual([]);
  });

  it("two instances pruning at once delete each row once, without an error", async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      id: randomUUID(),
      kind: "test.mail",
      payload: { name: `old ${i}` },
      createdAt: ago(60),
      deliveredAt: ago(60),
    }));
    for (let i = 0; i < rows.length; i += PRUNE_BATCH) await prisma.outboxMessage.createMany({ data: rows.slice(i, i + PRUNE_BATCH) });
    const other = createPrismaClient();
    try {
      const settings = { retentionDays: 30, failedRetentionDays: 90 };
      const results = await Promise.all([pruneDeliveries(prisma, NOW, settings), pruneDeliveries(other, NOW, settings)]);
      expect(results[0].outboxMessages + results[1].outboxMessages).toBe(1200);
    } finally {
      await other.$disconnect();
    }
    expect(await prisma.outboxMessage.count()).toBe(0);
  });
});

describe("webhook delivery log retention", () => {
  it("deletes old messages with their attempts; keeps recent ones, recently retried ones and those still to send", async () => {
    await webhookMessage("delivered 40 days ago", ago(40), ago(40), [
      { at: ago(40), ok: false },
      { at: ago(40), ok: true },
    ]);
    await webhookMessage("delivered 2 days ago", ago(2), ago(2), [
      { at: ago(2), ok: false },
      { at: ago(2), ok: true },
    ]);
    await webhookMessage("redelivered 3 days ago", ago(40), ago(3), [
      { at: ago(40), ok: true },
      { at: ago(3), ok: true },
    ]);
    await webhookMessage("never delivered, 45 days old", ago(45), null, [{ at: ago(45), ok: false }]);
    await webhookMessage("never delivered, 100 days old", ago(100), null, [{ at: ago(100), ok: false }]);
    // Given up long ago, retried by hand just now: its outbox row is due again.
    const retried = await webhookMessage("retried by hand, 100 days old", ago(100), null, [{ at: ago(100), ok: false }]);
    await outboxRow("webhook retried by hand", { createdAt: ago(100), nextAttemptAt: new Date(NOW.getTime() + 60_000) }, WEBHOOK_DELIVERY, {
      name: "webhook retried by hand",
      endpointId,
      messageId: retried,
    });

    const before = await prisma.webhookAttempt.count();
    await worker().runOnce();
    expect(await webhookLeft()).toEqual([
      "delivered 2 days ago:2",
      "never delivered, 45 days old:1",
      "redelivered 3 days ago:2",
      "retried by hand, 100 days old:1",
    ]);
    // The attempts of the deleted messages went with them.
    expect(await prisma.webhookAttempt.count()).toBe(before - 3);
    expect(await outboxLeft()).toEqual(["webhook retried by hand"]);
  });
});
