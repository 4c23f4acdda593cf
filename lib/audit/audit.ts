import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EnqueueContext } from "@/lib/notifications/outbox";
import { enqueueWebhookEvent } from "@/lib/notifications/webhooks";
import { auditWebhookEvent } from "@/lib/webhooks/events";
import { wellFormed } from "@/lib/validation/unstorable-text";
import { currentOrigin, NO_ORIGIN, type RequestOrigin } from "./origin";

// The diff of an audited object (pure, no imports: services and the audit writer both use it).
export { auditedFields, createdChanges, deletedChanges, diffChanges, secretFieldChange, type Change } from "./changes";

/**
 * Who did it: an admin in the portal (id: AdminUser id, label: email), an API client calling the
 * admin REST API or the protocol endpoints (id: the client's internal id, label: its client_id), or the
 * portal itself (SYSTEM_ACTOR).
 * `origin`: the request it came through (lib/audit/origin.ts); when absent, recordAudit reads the
 * request being served, if any.
 */
export type Actor = { type: "admin" | "client" | "system"; id: string; label: string; origin?: RequestOrigin };

/** The portal itself, for what no person or client asked for at that moment (the worker's audit purge). */
export const SYSTEM_ACTOR: Actor = { type: "system", id: "", label: "system", origin: NO_ORIGIN };

/**
 * The one way to build an actor: from an admin (`id`, `email`; `id` null when the email typed was
 * nobody's, say on a refused sign-in) or from an API client (internal `id`, `clientId`), with the
 * request it acts through when the caller has it at hand (a route's Request, the protocol server's).
 * The portal's own background work acts as SYSTEM_ACTOR.
 */
export function actorOf(who: { id: string | null; email: string } | { id: string; clientId: string }, origin?: RequestOrigin): Actor {
  const actor: Actor = "clientId" in who ? { type: "client", id: who.id, label: who.clientId } : { type: "admin", id: who.id ?? "", label: who.email };
  return origin ? { ...actor, origin } : actor;
}

export type AuditInput = {
  action: string;
  target: { type: string; id: string; label: string };
  /** What changed or what happened. Never a secret value or hash. */
  changes?: Record<string, unknown>;
};

/** A ServiceContext's afterCommit: wakes this process's outbox worker once the webhooks are committed. */
type AfterCommit = EnqueueContext["afterCommit"];

/**
 * Writes one audit event with the caller's transaction, so it commits (or not) with the change, and
 * queues it for the webhooks subscribed to it (lib/notifications/webhooks.ts; nearly free when
 * there is none). Without `afterCommit` the outbox worker finds them at its next poll.
 */
export async function recordAudit(tx: Tx, actor: Actor, event: AuditInput, afterCommit?: AfterCommit): Promise<void> {
  const origin = actor.origin ?? (await currentOrigin()) ?? NO_ORIGIN;
  await tx.auditEvent.create({ data: auditRow(actor, event, origin) });
  await enqueueWebhookEvent({ tx, afterCommit }, auditWebhookEvent(actor, event, origin));
}

/** Writes several audit events in one statement, with the caller's transaction (and their webhooks). */
export async function recordAudits(tx: Tx, events: readonly { actor: Actor; event: AuditInput }[], afterCommit?: AfterCommit): Promise<void> {
  if (events.length === 0) return;
  const current = events.every((e) => e.actor.origin) ? null : await currentOrigin();
  const rows = events.map(({ actor, event }) => ({ actor, event, origin: actor.origin ?? current ?? NO_ORIGIN }));
  await tx.auditEvent.createMany({ data: rows.map(({ actor, event, origin }) => auditRow(actor, event, origin)) });
  for (const { actor, event, origin } of rows) await enqueueWebhookEvent({ tx, afterCommit }, auditWebhookEvent(actor, event, origin));
}

/**
 * The row, in valid Unicode: a lone surrogate (from a provider's claims, say; the forms and the API
 * refuse them) would fail PostgreSQL's JSON column and break the audit page's hydration.
 */
function auditRow(actor: Actor, event: AuditInput, origin: RequestOrigin) {
  return {
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: wellFormed(actor.label),
    action: event.action,
    targetType: event.target.type,
    targetId: event.target.id,
    targetLabel: wellFormed(event.target.label),
    changes: wellFormed(event.changes ?? undefined) as Prisma.InputJsonValue | undefined,
    address: origin.address,
    userAgent: origin.userAgent,
    requestId: origin.requestId,
  };
}
