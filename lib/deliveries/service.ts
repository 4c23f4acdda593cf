import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, NotFoundError } from "@/lib/actions/result";
import { SEALED_KINDS } from "@/lib/notifications/kinds";

// "Retry now" on /deliveries: a message waiting for its next attempt, or given up, becomes due at
// once. Its attempts are not reset: a given-up message gets one more try and, failing it, is given
// up again (OUTBOX_MAX_ATTEMPTS); a waiting one goes on with its back-off.

/** The audit log's name for a message: its kind and recipient (a mail's address, a webhook's message id). */
function labelOf(kind: string, payload: unknown): string {
  const { to, messageId } = (payload ?? {}) as { to?: unknown; messageId?: unknown };
  const recipient = typeof to === "string" ? to : typeof messageId === "string" ? messageId : null;
  return recipient ? `${kind} to ${recipient}` : kind;
}

/** Makes message `id` due now; returns what the audit event and the page name. */
export async function retryDeliveryRecord({ tx, audit }: ServiceContext, id: string, now = new Date()) {
  const row = await tx.outboxMessage.findUnique({
    where: { id },
    select: { id: true, kind: true, payload: true, attempts: true, nextAttemptAt: true, failedAt: true },
  });
  if (!row || (row.nextAttemptAt === null && row.failedAt === null)) throw new NotFoundError("This message was delivered meanwhile, or is no longer kept.");
  if (row.nextAttemptAt === null && SEALED_KINDS.has(row.kind))
    throw new ActionError("Its link was removed when it was given up, so it cannot be sent again: send a new link from Admins.");
  const { count } = await tx.outboxMessage.updateMany({
    where: { id, OR: [{ nextAttemptAt: { not: null } }, { failedAt: { not: null } }], AND: [{ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }] },
    data: { nextAttemptAt: now, failedAt: null },
  });
  if (count !== 1) throw new ConflictError("It is being sent right now: look again in a moment.");
  await audit({
    action: "delivery.retried",
    target: { type: "delivery", id, label: labelOf(row.kind, row.payload) },
    changes: { kind: row.kind, attempts: row.attempts, ...(row.failedAt ? { wasGivenUp: true } : {}) },
  });
  return { id, kind: row.kind, attempts: row.attempts };
}
