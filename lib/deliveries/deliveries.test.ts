import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { ADMIN_LINK_MAIL, enqueueAdminLinkMail } from "@/lib/notifications/admin-link-mail";
import { WEBHOOK_DELIVERY, WebhookRetryError } from "@/lib/notifications/webhooks";
import { createOutboxWorker, type OutboxWorker } from "@/lib/notifications/worker";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { retryDelivery } from "./actions";
import { listDeliveries } from "./queries";

// The Deliveries page's data and its "Retry now", on the test's own database (SQLite, or PostgreSQL
// with PORTAL_TEST_DATABASE=postgresql), with a worker of this process answering the wake.

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const LINK = `https://portal.test/invitation/${"t".repeat(43)}`;
let owner: CurrentAdmin;
let worker: OutboxWorker | null = null;
/** What the worker's kinds do this test. */
const sent: string[] = [];

beforeAll(async () => {
  owner = await createTestAdmin("deliveries-owner@example.test", { role: "Owner" });
});
beforeEach(async () => {
  await signInAs(owner);
  await prisma.outboxMessage.deleteMany();
  await prisma.webhookEndpoint.deleteMany();
  sent.length = 0;
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
});

/** A worker that answers wakes: mail goes through, webhooks fail (their receiver is "down"). */
function startWorker() {
  worker = createOutboxWorker({
    kinds: {
      [ADMIN_LINK_MAIL]: async ({ payload, sealed }) => void sent.push(`${String(payload.to)} ${sealed.url ? "with its link" : "without a link"}`),
      [WEBHOOK_DELIVERY]: async () => {
        throw new WebhookRetryError("Attempt 4 failed: http_status 503.");
      },
    },
    settings: { pollMs: 60_000, maxAttempts: 3 },
  });
  worker.start();
}

/** An invitation mail whose SMTP server refused it `attempts` times; `givenUp`: the attempts ran out. */
async function refusedLinkMail(to: string, { attempts = 2, givenUp = false } = {}) {
  await prisma.$transaction((tx) =>
    enqueueAdminLinkMail({ tx }, { to, name: "Fiona", kind: "invitation", url: LINK, expiresAt: new Date(Date.now() + 86_400_000), by: owner.email }),
  );
  const row = (await prisma.outboxMessage.findMany({ where: { kind: ADMIN_LINK_MAIL } })).find((r) => (r.payload as { to?: string }).to === to)!;
  const lastError = "SMTP refused: 451 4.2.2 Mailbox full, try again later";
  await prisma.outboxMessage.update({
    where: { id: row.id },
    data: givenUp
      ? { attempts, lastError, failedAt: new Date(), nextAttemptAt: null, payload: { to, name: "Fiona", kind: "invitation" } }
      : { attempts, lastError, nextAttemptAt: new Date(Date.now() + 3_600_000) },
  });
  return row.id;
}

async function givenUpWebhook() {
  const endpoint = await prisma.webhookEndpoint.create({
    data: { url: "https://siem.example.test/in", events: ["audit.*"], secretEncrypted: "not-used-here", createdBy: "test" },
  });
  const messageId = `msg_${randomUUID()}`;
  await prisma.webhookMessage.create({ data: { id: messageId, endpointId: endpoint.id, type: "audit.scope.created", payload: {} } });
  const id = randomUUID();
  await prisma.outboxMessage.create({
    data: {
      id,
      kind: WEBHOOK_DELIVERY,
      payload: { endpointId: endpoint.id, messageId },
      attempts: 3,
      failedAt: new Date(),
      lastError: "Attempt 3 failed: http_status 503.",
    },
  });
  return { id, endpointId: endpoint.id };
}

describe("the Deliveries page", () => {
  it("lists what waits and what was given up, with recipients and errors but never a body, and counts them", async () => {
    await refusedLinkMail("waiting@example.test");
    await refusedLinkMail("gone@example.test", { givenUp: true });
    const webhook = await givenUpWebhook();
    await prisma.outboxMessage.create({ data: { id: randomUUID(), kind: ADMIN_LINK_MAIL, payload: { to: "done@example.test" }, deliveredAt: new Date() } });

    const { counts, rows } = await listDeliveries();
    expect(counts).toEqual({ waiting: 1, failed: 2, delivered: 1 });
    expect(rows.map((r) => [r.what, r.to, r.state])).toEqual([
      ["Invitation mail", "waiting@example.test", "waiting"],
      ["Invitation mail", "gone@example.test", "failed"],
      ["Webhook audit.scope.created", "https://siem.example.test/in", "failed"],
    ]);
    expect(rows[0]).toMatchObject({ attempts: 2, lastError: expect.stringContaining("451 4.2.2 Mailbox full"), noRetry: null });
    expect(rows[1]!.noRetry).toMatch(/send a new link from Admins/);
    expect(rows[2]).toMatchObject({ webhookId: webhook.endpointId, noRetry: null });
    // Neither the link nor its sealed envelope reaches the page.
    const shown = JSON.stringify(rows);
    expect(shown).not.toContain("/invitation/");
    expect(shown).not.toContain("sealed");
  });

  it("Retry now sends a waiting mail at once (with its link), audited", async () => {
    const id = await refusedLinkMail("retry@example.test");
    startWorker();
    const result = await retryDelivery({ id });
    expect(result).toEqual({ ok: true, data: { delivered: true, summary: "Delivered." } });
    expect(sent).toEqual(["retry@example.test with its link"]);
    const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ attempts: 3, nextAttemptAt: null, failedAt: null });
    expect(row.deliveredAt).not.toBeNull();
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "delivery.retried", targetId: id } });
    expect(audit).toMatchObject({
      actorLabel: owner.email,
      targetType: "delivery",
      targetLabel: "email.adminLink to retry@example.test",
      changes: { kind: ADMIN_LINK_MAIL, attempts: 2 },
    });
    expect(JSON.stringify(audit)).not.toContain("/invitation/");
  });

  it("Retry now gives a given-up webhook one more attempt, and reports it failing again", async () => {
    const { id } = await givenUpWebhook();
    startWorker();
    const result = await retryDelivery({ id });
    expect(result).toEqual({ ok: true, data: { delivered: false, summary: "Failed again and given up: Attempt 4 failed: http_status 503." } });
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ attempts: 4, nextAttemptAt: null });
  });

  it("Retry now refuses a given-up link mail (its link is gone), a message being sent, and one already delivered", async () => {
    const audited = await prisma.auditEvent.count({ where: { action: "delivery.retried" } });
    const gone = await refusedLinkMail("gone@example.test", { givenUp: true });
    expect(await retryDelivery({ id: gone })).toMatchObject({ ok: false, message: expect.stringMatching(/send a new link from Admins/) });

    const sending = await refusedLinkMail("sending@example.test");
    await prisma.outboxMessage.update({ where: { id: sending }, data: { leaseUntil: new Date(Date.now() + 60_000) } });
    expect(await retryDelivery({ id: sending })).toMatchObject({ ok: false, message: expect.stringMatching(/being sent right now/) });

    const done = randomUUID();
    await prisma.outboxMessage.create({ data: { id: done, kind: ADMIN_LINK_MAIL, payload: {}, deliveredAt: new Date() } });
    expect(await retryDelivery({ id: done })).toMatchObject({ ok: false, message: expect.stringMatching(/delivered meanwhile/) });
    expect(await retryDelivery({ id: "" })).toMatchObject({ ok: false, fieldErrors: { id: expect.any(Array) } });
    expect(await prisma.auditEvent.count({ where: { action: "delivery.retried" } })).toBe(audited);
  });
});
