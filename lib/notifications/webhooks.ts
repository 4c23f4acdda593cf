import "server-only";
import { changeEpochCache } from "@/lib/db/change-epoch";
import type { Db, Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { OutboundBlockedError, outboundFetch, type OutboundPolicy } from "@/lib/http/outbound";
import { logEvent } from "@/lib/log";
import { auditEventType, type WebhookEvent } from "@/lib/webhooks/events";
import { openSigningSecret, webhookEvents } from "@/lib/webhooks/service";
import { webhookHeaders } from "@/lib/webhooks/signature";
import { UndeliverableError, type Deliver } from "./delivery";
import { enqueue, type EnqueueContext } from "./outbox";

// Delivers one webhook message (lib/webhooks/service.ts wrote it) to its endpoint: signed per
// Standard Webhooks, through the SSRF guard, with a deadline, each attempt recorded in the delivery
// log. A 2xx answer is a delivery; anything else is an attempt to retry. It is the function an
// outbox kind calls (input: endpoint id and message id; output: delivered / retry / give-up), and
// what "Send a test event" and "Redeliver" call directly.

/** Why an attempt failed, as the delivery log names it. */
export type WebhookErrorClass = "http_status" | "timeout" | "network" | "blocked" | "secret";

export type WebhookDelivery =
  | { outcome: "delivered"; attempt: number; statusCode: number }
  | { outcome: "retry"; attempt: number; error: WebhookErrorClass; statusCode?: number }
  /** Nothing will change by trying again: the endpoint or message is gone or disabled, the URL is refused, the secret cannot be opened. */
  | { outcome: "give-up"; reason: string; attempt?: number; error?: WebhookErrorClass };

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** WEBHOOK_TIMEOUT_MS: the longest one attempt waits for the receiver's answer. */
export function webhookTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.WEBHOOK_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_WEBHOOK_TIMEOUT_MS;
  const ms = Number(raw);
  return Number.isInteger(ms) && ms >= 100 && ms <= 60_000 ? ms : DEFAULT_WEBHOOK_TIMEOUT_MS;
}

export type DeliverOptions = {
  timeoutMs?: number;
  /** Send even when the endpoint is disabled ("Send a test event"). */
  evenIfDisabled?: boolean;
  /** For tests: how names resolve and which addresses may be reached. */
  policy?: Partial<OutboundPolicy>;
};

function classify(error: unknown): WebhookErrorClass {
  if (error instanceof OutboundBlockedError) return "blocked";
  const name = (error as { name?: string })?.name;
  if (name === "TimeoutError" || name === "AbortError") return "timeout";
  return "network";
}

/** Sends message `messageId` to endpoint `endpointId` once, and records the attempt. */
export async function deliverWebhook(
  { endpointId, messageId }: { endpointId: string; messageId: string },
  options: DeliverOptions = {},
): Promise<WebhookDelivery> {
  const message = await prisma.webhookMessage.findFirst({
    where: { id: messageId, endpointId },
    select: {
      id: true,
      payload: true,
      endpoint: { select: { id: true, url: true, enabled: true, secretEncrypted: true } },
      _count: { select: { attempts: true } },
    },
  });
  if (!message) return { outcome: "give-up", reason: "The webhook or its message no longer exists." };
  const { endpoint } = message;
  if (!endpoint.enabled && !options.evenIfDisabled) return { outcome: "give-up", reason: "The webhook is disabled." };

  const number = message._count.attempts + 1;
  const started = performance.now();
  const record = async (ok: boolean, statusCode: number | null, errorClass: WebhookErrorClass | null) => {
    const durationMs = Math.round(performance.now() - started);
    await prisma.$transaction(async (tx) => {
      await tx.webhookAttempt.create({ data: { messageId, number, ok, statusCode, durationMs, errorClass } });
      if (ok) await tx.webhookMessage.update({ where: { id: messageId }, data: { deliveredAt: new Date() } });
    });
    if (!ok)
      logEvent("warn", "webhook attempt failed", {
        endpointId,
        messageId,
        attempt: number,
        statusCode: statusCode ?? undefined,
        errorClass: errorClass ?? undefined,
      });
  };

  let secret: string;
  try {
    secret = openSigningSecret(endpoint.id, endpoint.secretEncrypted);
  } catch {
    await record(false, null, "secret");
    return { outcome: "give-up", reason: "The signing secret cannot be opened (was PORTAL_ENCRYPTION_KEY changed?).", attempt: number, error: "secret" };
  }

  const body = JSON.stringify(message.payload);
  let response: Response;
  try {
    response = await outboundFetch(
      endpoint.url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "oidc-client-admin-portal-webhooks", ...webhookHeaders(secret, messageId, body) },
        body,
        // A receiver answers; it does not send the event elsewhere (and a redirect could lead the signed body anywhere).
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? webhookTimeoutMs()),
      },
      options.policy,
    );
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    const errorClass = classify(error);
    await record(false, null, errorClass);
    return errorClass === "blocked"
      ? { outcome: "give-up", reason: "The URL resolves to an address the portal does not connect to.", attempt: number, error: errorClass }
      : { outcome: "retry", attempt: number, error: errorClass };
  }
  const ok = response.status >= 200 && response.status < 300;
  await record(ok, response.status, ok ? null : "http_status");
  return ok
    ? { outcome: "delivered", attempt: number, statusCode: response.status }
    : { outcome: "retry", attempt: number, error: "http_status", statusCode: response.status };
}

// The outbox kind that delivers webhooks: an event (an audit event, an expiry warning) writes one
// WebhookMessage per subscribed endpoint (lib/webhooks/service.ts webhookEvents) and one outbox row
// per message, in the change's transaction; the worker (./worker.ts) then calls deliverWebhook with
// its retries and back-off. The row holds only the two ids: the body is the message's, the secret
// the endpoint's.

export const WEBHOOK_DELIVERY = "webhook";

/** A failed attempt the outbox retries later (its message names only the error class and status). */
export class WebhookRetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookRetryError";
  }
}

/** The outbox kind: delivered → done, retry → the outbox's back-off, give-up → given up. */
export const deliverWebhookMessage: Deliver = async ({ payload }) => {
  const { endpointId, messageId } = payload;
  if (typeof endpointId !== "string" || typeof messageId !== "string") throw new UndeliverableError("The message is incomplete.");
  const result = await deliverWebhook({ endpointId, messageId });
  if (result.outcome === "delivered") return;
  if (result.outcome === "retry")
    throw new WebhookRetryError(`Attempt ${result.attempt} failed: ${result.error}${result.statusCode ? ` ${result.statusCode}` : ""}.`);
  throw new UndeliverableError(result.reason);
};

const anyEndpoint = changeEpochCache<boolean>("webhooks.anyEnabledEndpoint", 1);

/**
 * Whether an enabled endpoint exists, from memory while the database has not changed: a portal
 * without webhooks pays no query per audit event. Read with `db` (the caller's transaction).
 */
export function anyWebhookEndpoint(db: Pick<Db | Tx, "webhookEndpoint">): Promise<boolean> {
  return anyEndpoint("any", async () => (await db.webhookEndpoint.findFirst({ where: { enabled: true }, select: { id: true } })) !== null);
}

/**
 * Queues an event for every enabled endpoint subscribed to it, in the caller's transaction: one
 * message and one outbox row each. `dedupeKey(endpointId)`: at most one delivery per key (an expiry
 * warning goes once per endpoint and threshold). Returns how many it queued.
 */
export async function enqueueWebhookEvent(ctx: EnqueueContext, event: WebhookEvent, dedupeKey?: (endpointId: string) => string): Promise<number> {
  // The cached answer cannot see the caller's uncommitted writes: an event about a webhook may come
  // from the transaction that creates or enables the first endpoint, which gets it like any later one.
  if (!event.type.startsWith(auditEventType("webhook.")) && !(await anyWebhookEndpoint(ctx.tx))) return 0;
  const skip = async (endpointId: string) =>
    dedupeKey !== undefined && (await ctx.tx.outboxMessage.findUnique({ where: { dedupeKey: dedupeKey(endpointId) }, select: { id: true } })) !== null;
  const queued = await webhookEvents(ctx.tx, event, skip);
  for (const { endpointId, messageId } of queued) {
    await enqueue(ctx, { kind: WEBHOOK_DELIVERY, payload: { endpointId, messageId }, dedupeKey: dedupeKey?.(endpointId) });
  }
  return queued.length;
}
