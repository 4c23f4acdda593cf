import "server-only";
import { randomUUID } from "node:crypto";
import type { ServiceContext } from "@/lib/actions/context";
import { auditedFields, createdChanges, deletedChanges, secretFieldChange } from "@/lib/audit/changes";
import { ActionError, NotFoundError } from "@/lib/actions/result";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import { privateHostsAllowed } from "@/lib/http/outbound";
import type { Prisma } from "@/lib/generated/prisma/client";
import { subscribes, testWebhookEvent, type WebhookEvent } from "./events";
import { newWebhookSchema, type NewWebhookValues } from "./schema";
import { generateSigningSecret, newMessageId } from "./signature";

// Webhook endpoints (Owners, /webhooks) and the messages queued for them. The signing secret is
// generated here, returned once, and kept sealed with the portal's key, bound to its row by the AAD.

const aad = (endpointId: string) => `webhook-endpoint:${endpointId}:signing_secret`;

/** Seals an endpoint's signing secret for the secretEncrypted column. */
function sealSigningSecret(endpointId: string, secret: string): string {
  return encrypt(secret, aad(endpointId));
}

/** Opens an endpoint's signing secret, to sign a delivery (lib/notifications/webhooks.ts). */
export function openSigningSecret(endpointId: string, envelope: string): string {
  return decryptString(envelope, aad(endpointId));
}

const targetOf = (endpoint: { id: string; url: string }) => ({ type: "webhook", id: endpoint.id, label: endpoint.url });

/** An endpoint's audited fields: its form's (the signing secret only ever as "set"/"replaced"). */
const FIELDS = auditedFields(newWebhookSchema);

/** The stored event patterns of an endpoint (a JSON list). */
export function eventsOf(value: Prisma.JsonValue): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** http is for loopback receivers in labs only, the same switch as the SSRF guard's. */
function checkReachable(url: string) {
  if (new URL(url).protocol === "http:" && !privateHostsAllowed()) {
    throw new ActionError("Some fields need attention.", { url: ["The URL must use https (http to localhost only when ALLOW_PRIVATE_PROVIDER_HOSTS=true)."] });
  }
}

/** Adds an endpoint; its signing secret is returned this once. */
export async function createWebhookRecord({ tx, actor, audit }: ServiceContext, values: NewWebhookValues) {
  checkReachable(values.url);
  const id = randomUUID();
  const secret = generateSigningSecret();
  const endpoint = await tx.webhookEndpoint.create({
    data: {
      id,
      url: values.url,
      description: values.description,
      events: values.events,
      secretEncrypted: sealSigningSecret(id, secret),
      createdBy: actor.label,
    },
  });
  await audit({
    action: "webhook.created",
    target: targetOf(endpoint),
    changes: { ...createdChanges(values, FIELDS), signingSecret: secretFieldChange({ had: false, has: true }) },
  });
  return { id, url: endpoint.url, secret };
}

async function findEndpoint(tx: Tx, id: string) {
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw new NotFoundError("This webhook no longer exists.");
  return endpoint;
}

/** Stops (or resumes) sending to an endpoint. */
export async function setWebhookEnabledRecord({ tx, audit }: ServiceContext, id: string, enabled: boolean) {
  const endpoint = await findEndpoint(tx, id);
  if (endpoint.enabled === enabled) return;
  await tx.webhookEndpoint.update({ where: { id }, data: { enabled } });
  await audit({ action: enabled ? "webhook.enabled" : "webhook.disabled", target: targetOf(endpoint), changes: { enabled: { from: !enabled, to: enabled } } });
}

/** Deletes an endpoint with its delivery log. */
export async function deleteWebhookRecord({ tx, audit }: ServiceContext, id: string) {
  const endpoint = await findEndpoint(tx, id);
  await tx.webhookEndpoint.delete({ where: { id } });
  await audit({
    action: "webhook.deleted",
    target: targetOf(endpoint),
    changes: { ...deletedChanges({ ...endpoint, events: eventsOf(endpoint.events) }, FIELDS), signingSecret: secretFieldChange({ had: true, has: false }) },
  });
}

/** A new signing secret, returned this once; the old one stops signing at once. */
export async function rotateWebhookSecretRecord({ tx, audit }: ServiceContext, id: string) {
  const endpoint = await findEndpoint(tx, id);
  const secret = generateSigningSecret();
  await tx.webhookEndpoint.update({ where: { id }, data: { secretEncrypted: sealSigningSecret(id, secret), secretRotatedAt: new Date() } });
  await audit({
    action: "webhook.secretRotated",
    target: targetOf(endpoint),
    changes: { signingSecret: secretFieldChange({ had: true, has: true, replaced: true }) },
  });
  return { id, url: endpoint.url, secret };
}

export type QueuedWebhook = { endpointId: string; messageId: string };

/**
 * The deliveries an event makes: one message (its webhook-id and body) per enabled endpoint that
 * subscribes to its type, written with the caller's transaction. The outbox enqueues one delivery
 * per entry (lib/notifications/webhooks.ts delivers it); nothing is sent here. `skip`: endpoints that
 * had this event already (an expiry warning's dedupe key).
 */
export async function webhookEvents(tx: Tx, event: WebhookEvent, skip?: (endpointId: string) => Promise<boolean>): Promise<QueuedWebhook[]> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, events: true } });
  const queued: QueuedWebhook[] = [];
  for (const e of endpoints) {
    if (subscribes(eventsOf(e.events), event.type) && !(await skip?.(e.id))) queued.push({ endpointId: e.id, messageId: newMessageId() });
  }
  if (queued.length) {
    await tx.webhookMessage.createMany({
      data: queued.map((q) => ({ id: q.messageId, endpointId: q.endpointId, type: event.type, payload: event as unknown as Prisma.InputJsonValue })),
    });
  }
  return queued;
}

/** A "webhook.test" message for one endpoint (enabled or not: the Owner asked for it). */
export async function queueTestWebhookRecord({ tx, actor }: ServiceContext, id: string): Promise<QueuedWebhook & { url: string }> {
  const endpoint = await findEndpoint(tx, id);
  const event = testWebhookEvent(endpoint.id, actor.label);
  const messageId = newMessageId();
  await tx.webhookMessage.create({ data: { id: messageId, endpointId: id, type: event.type, payload: event as unknown as Prisma.InputJsonValue } });
  return { endpointId: id, messageId, url: endpoint.url };
}

/** The message to send again, with its endpoint (for the audit). */
export async function findMessageForRedelivery(tx: Tx, messageId: string) {
  const message = await tx.webhookMessage.findUnique({
    where: { id: messageId },
    select: { id: true, type: true, endpoint: { select: { id: true, url: true } } },
  });
  if (!message) throw new NotFoundError("This delivery no longer exists.");
  return message;
}

export { targetOf as webhookTarget };
