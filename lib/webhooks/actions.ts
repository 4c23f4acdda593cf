"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { deliverWebhook, type WebhookDelivery } from "@/lib/notifications/webhooks";
import { newWebhookSchema, redeliverSchema, setWebhookEnabledSchema, webhookIdSchema } from "./schema";
import {
  createWebhookRecord,
  deleteWebhookRecord,
  findMessageForRedelivery,
  queueTestWebhookRecord,
  rotateWebhookSecretRecord,
  setWebhookEnabledRecord,
  webhookTarget,
} from "./service";

// The actions of /webhooks: Owners only ("webhooks.write"), every one audited.

/** What the reveal dialog shows once: the signing secret, never stored in clear or logged. */
export type RevealedSigningSecret = { id: string; url: string; secret: string };

/** The result of one attempt, as the page reports it. */
export type AttemptReport = { delivered: boolean; summary: string };

function report(delivery: WebhookDelivery): AttemptReport {
  if (delivery.outcome === "delivered") return { delivered: true, summary: `Delivered: the receiver answered ${delivery.statusCode}.` };
  if (delivery.outcome === "give-up") return { delivered: false, summary: `Not sent: ${delivery.reason}` };
  const why =
    delivery.error === "http_status"
      ? `the receiver answered ${delivery.statusCode}`
      : delivery.error === "timeout"
        ? "the receiver did not answer in time"
        : "the receiver could not be reached";
  return { delivered: false, summary: `Not delivered: ${why}. See the delivery log.` };
}

/** Adds a webhook; its signing secret is returned this once. */
export const createWebhook = adminAction("webhooks.write", newWebhookSchema, async (values, ctx): Promise<RevealedSigningSecret> => {
  const created = await createWebhookRecord(ctx, values);
  revalidatePath("/webhooks");
  return created;
});

/** Disables (no more deliveries) or enables a webhook. */
export const setWebhookEnabled = adminAction("webhooks.write", setWebhookEnabledSchema, async ({ id, enabled }, ctx) => {
  await setWebhookEnabledRecord(ctx, id, enabled);
  revalidatePath("/webhooks");
  return null;
});

/** Deletes a webhook and its delivery log. */
export const deleteWebhook = adminAction("webhooks.write", webhookIdSchema, async ({ id }, ctx) => {
  await deleteWebhookRecord(ctx, id);
  revalidatePath("/webhooks");
  return null;
});

/** A new signing secret, returned this once. */
export const rotateWebhookSecret = adminAction("webhooks.write", webhookIdSchema, async ({ id }, ctx): Promise<RevealedSigningSecret> => {
  const rotated = await rotateWebhookSecretRecord(ctx, id);
  revalidatePath("/webhooks");
  return rotated;
});

/**
 * Sends a "webhook.test" event now. No transaction: the body waits on the network (the message and
 * the attempt are written on their own, the audit event after the attempt, with its outcome).
 */
export const sendTestWebhook = adminAction(
  "webhooks.write",
  webhookIdSchema,
  async ({ id }, ctx): Promise<AttemptReport> => {
    const queued = await queueTestWebhookRecord(ctx, id);
    const delivery = await deliverWebhook(queued, { evenIfDisabled: true });
    await ctx.audit({
      action: "webhook.testSent",
      target: webhookTarget({ id, url: queued.url }),
      changes: { messageId: queued.messageId, outcome: delivery.outcome },
    });
    revalidatePath("/webhooks");
    return report(delivery);
  },
  { transaction: false },
);

/** Sends a logged message again (the same webhook-id, a new timestamp and signature). */
export const redeliverWebhook = adminAction(
  "webhooks.write",
  redeliverSchema,
  async ({ messageId }, ctx): Promise<AttemptReport> => {
    const message = await findMessageForRedelivery(ctx.tx, messageId);
    const delivery = await deliverWebhook({ endpointId: message.endpoint.id, messageId }, { evenIfDisabled: true });
    await ctx.audit({
      action: "webhook.redelivered",
      target: webhookTarget(message.endpoint),
      changes: { messageId, type: message.type, outcome: delivery.outcome },
    });
    revalidatePath("/webhooks");
    return report(delivery);
  },
  { transaction: false },
);
