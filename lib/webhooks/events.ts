import type { Actor, AuditInput } from "@/lib/audit/audit";
import type { RequestOrigin } from "@/lib/audit/origin";

// What a webhook carries: the Standard Webhooks body { type, timestamp, data }. The types are
// "audit.<audit action>" for every audit event (a SIEM stream), "secret.expiring" for expiry
// warnings and "webhook.test" for "Send a test event". An endpoint subscribes with patterns: the
// exact type, "audit.*" for every audit event, or "audit.<area>.*" for one area ("audit.client.*").
// The areas are not listed here: the form offers those of the audit actions that exist.

export type WebhookEvent = { type: string; timestamp: string; data: Record<string, unknown> };

export const SECRET_EXPIRING = "secret.expiring";
export const TEST_EVENT = "webhook.test";
export const ALL_AUDIT = "audit.*";

/** The pattern grammar: secret.expiring, audit.*, audit.<area>.* */
export const EVENT_PATTERN = /^(?:secret\.expiring|audit\.\*|audit\.[A-Za-z][A-Za-z0-9]{0,59}\.\*)$/;

/** Whether an event of `type` goes to an endpoint subscribed to `patterns`. */
export function subscribes(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith(".*") ? type.startsWith(p.slice(0, -1)) : p === type));
}

/** The webhook type of an audit action. */
export const auditEventType = (action: string) => `audit.${action}`;

/** The area of an audit action ("client" of "client.created"). */
const areaOf = (action: string) => action.split(".")[0] ?? action;

export type EventChoice = { value: string; label: string };

/**
 * The choices the form offers: every audit event, one area of them (from the audit actions that
 * exist, and any pattern an endpoint already has), and expiry warnings.
 */
export function eventChoices(auditActions: readonly string[], chosen: readonly string[] = []): EventChoice[] {
  const areas = new Set(auditActions.map(areaOf).filter((a) => EVENT_PATTERN.test(`audit.${a}.*`)));
  for (const p of chosen) if (p.startsWith("audit.") && p !== ALL_AUDIT) areas.add(p.slice("audit.".length, -2));
  return [
    { value: SECRET_EXPIRING, label: "Secret expiry warnings (secret.expiring)" },
    { value: ALL_AUDIT, label: "Every audit event (audit.*)" },
    ...[...areas].sort().map((area) => ({ value: `audit.${area}.*`, label: `Audit events of ${area} (audit.${area}.*)` })),
  ];
}

/**
 * An audit event as a webhook event: built from what recordAudit (lib/audit/audit.ts) writes — the
 * same names as a line of the audit export (docs/audit-event.schema.json), without its id and time.
 */
export function auditWebhookEvent(
  actor: Actor,
  event: AuditInput,
  origin: RequestOrigin = { address: null, userAgent: null, requestId: null },
  at: Date = new Date(),
): WebhookEvent {
  const { type, id, label } = event.target;
  return {
    type: auditEventType(event.action),
    timestamp: at.toISOString(),
    data: {
      action: event.action,
      actor: { type: actor.type, id: actor.id, label: actor.label },
      target: { type, id, label },
      changes: event.changes ?? null,
      address: origin.address,
      userAgent: origin.userAgent,
      requestId: origin.requestId,
    },
  };
}

/** The expiry warning of a client's or a scope's secret (named by id and hint, never its value). */
export function secretExpiringEvent(
  secret: { id: string; hint: string; description: string; expiresAt: Date },
  owner: { type: "client" | "scope"; id: string; label: string },
  now: Date = new Date(),
): WebhookEvent {
  const daysLeft = Math.max(0, Math.ceil((secret.expiresAt.getTime() - now.getTime()) / 86_400_000));
  return {
    type: SECRET_EXPIRING,
    timestamp: now.toISOString(),
    data: { secret: { id: secret.id, hint: secret.hint, description: secret.description, expiresAt: secret.expiresAt.toISOString() }, owner, daysLeft },
  };
}

/** The body of "Send a test event". */
export function testWebhookEvent(endpointId: string, sentBy: string, now: Date = new Date()): WebhookEvent {
  return { type: TEST_EVENT, timestamp: now.toISOString(), data: { endpointId, sentBy, note: "A test event from the OIDC client admin portal." } };
}
