import "server-only";
import { prisma } from "@/lib/db/prisma";
import { ADMIN_LINK_MAIL } from "@/lib/notifications/admin-link-mail";
import { CHANGE_REQUEST_DIGEST_MAIL, CHANGE_REQUEST_MAIL } from "@/lib/notifications/change-request-mail";
import { SEALED_KINDS } from "@/lib/notifications/kinds";
import { SECRET_EXPIRY_MAIL } from "@/lib/notifications/secret-expiry";
import { outboxSettings } from "@/lib/notifications/settings";
import { WEBHOOK_DELIVERY } from "@/lib/notifications/webhooks";

// What /deliveries shows (Owners only): the outbox's messages still to send and those given up, with
// what an Owner needs to act — kind, recipients, attempts, next attempt, the last error (our own
// words, already redacted by the worker) — and never a body: a mail's may hold a sealed link.

/** Messages listed (the oldest problems first); the counts above the table are complete. */
export const DELIVERIES_SHOWN = 100;

/** queued: not tried yet · sending: a worker holds it · waiting: failed, retried at nextAttemptAt · failed: given up */
export type DeliveryState = "queued" | "sending" | "waiting" | "failed";

export type DeliveryRow = {
  id: string;
  /** In words: "Invitation mail", "Webhook audit.scope.created", … */
  what: string;
  /** Mail: the addresses (or who they will be); webhook: the endpoint's URL. */
  to: string;
  /** The webhook's page, for a webhook message whose endpoint still exists. */
  webhookId: string | null;
  state: DeliveryState;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
  /** Why "Retry now" cannot help, if it cannot (a given-up link mail lost its link). */
  noRetry: string | null;
};

const NOT_DONE = { OR: [{ nextAttemptAt: { not: null } }, { failedAt: { not: null } }] };

export function deliveryState(row: { nextAttemptAt: Date | null; leaseUntil: Date | null; failedAt: Date | null; attempts: number }, now: Date): DeliveryState {
  if (row.nextAttemptAt === null) return "failed";
  if (row.leaseUntil && row.leaseUntil > now) return "sending";
  return row.attempts === 0 ? "queued" : "waiting";
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

export async function listDeliveries(now = new Date()) {
  const kept = new Date(now.getTime() - outboxSettings().retentionDays * 24 * 60 * 60 * 1000);
  const [waiting, failed, delivered, rows] = await Promise.all([
    prisma.outboxMessage.count({ where: { nextAttemptAt: { not: null } } }),
    prisma.outboxMessage.count({ where: { nextAttemptAt: null, failedAt: { not: null } } }),
    prisma.outboxMessage.count({ where: { deliveredAt: { gte: kept } } }),
    prisma.outboxMessage.findMany({
      where: NOT_DONE,
      orderBy: { createdAt: "asc" },
      take: DELIVERIES_SHOWN,
      select: { id: true, kind: true, payload: true, createdAt: true, attempts: true, nextAttemptAt: true, leaseUntil: true, failedAt: true, lastError: true },
    }),
  ]);

  // A webhook row holds only the endpoint's and the message's ids: their URL and event type, in one query.
  const messageIds = rows.filter((r) => r.kind === WEBHOOK_DELIVERY).map((r) => text((r.payload as Record<string, unknown>).messageId));
  const messages = messageIds.length
    ? await prisma.webhookMessage.findMany({
        where: { id: { in: messageIds } },
        select: { id: true, type: true, endpoint: { select: { id: true, url: true } } },
      })
    : [];
  const messageById = new Map(messages.map((m) => [m.id, m]));

  const list: DeliveryRow[] = rows.map((row) => {
    const payload = (row.payload ?? {}) as Record<string, unknown>;
    let what = row.kind;
    let to = "";
    let webhookId: string | null = null;
    if (row.kind === ADMIN_LINK_MAIL) {
      what = payload.kind === "password_reset" ? "Password reset mail" : "Invitation mail";
      to = text(payload.to);
    } else if (row.kind === SECRET_EXPIRY_MAIL) {
      what = `Secret expiry warning (${String(payload.days)} days)`;
      to = "the Owners, and the client's owners and contacts";
    } else if (row.kind === CHANGE_REQUEST_MAIL) {
      what = payload.notice === "waiting" ? "Change request waiting mail" : `Change request ${text(payload.notice)} mail`;
      to = text(payload.to);
    } else if (row.kind === CHANGE_REQUEST_DIGEST_MAIL) {
      what = `Change requests waiting mail (${Array.isArray(payload.requests) ? payload.requests.length : "?"})`;
      to = text(payload.to);
    } else if (row.kind === WEBHOOK_DELIVERY) {
      const message = messageById.get(text(payload.messageId));
      what = message ? `Webhook ${message.type}` : "Webhook";
      to = message?.endpoint.url ?? "(the webhook was deleted)";
      webhookId = message?.endpoint.id ?? null;
    }
    const state = deliveryState(row, now);
    return {
      id: row.id,
      what,
      to,
      webhookId,
      state,
      createdAt: row.createdAt,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      failedAt: row.failedAt,
      lastError: row.lastError,
      noRetry:
        state === "sending"
          ? "It is being sent right now."
          : state === "failed" && SEALED_KINDS.has(row.kind)
            ? "Its link was removed when it was given up: send a new link from Admins."
            : null,
    };
  });
  return { counts: { waiting, failed, delivered }, rows: list, retentionDays: outboxSettings().retentionDays };
}
export type Deliveries = Awaited<ReturnType<typeof listDeliveries>>;
