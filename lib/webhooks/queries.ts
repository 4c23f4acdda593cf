import "server-only";
import { prisma } from "@/lib/db/prisma";
import { eventsOf } from "./service";

// What /webhooks shows: endpoints (never their secret) and their delivery log.

/** Messages shown per endpoint in the delivery log (newest first). */
export const DELIVERY_LOG_SIZE = 25;

export async function listWebhooks() {
  const rows = await prisma.webhookEndpoint.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, description: true, events: true, enabled: true, createdBy: true, createdAt: true, secretRotatedAt: true },
  });
  return rows.map((r) => ({ ...r, events: eventsOf(r.events) }));
}
export type WebhookRow = Awaited<ReturnType<typeof listWebhooks>>[number];

export async function findWebhook(id: string) {
  const row = await prisma.webhookEndpoint.findUnique({
    where: { id },
    select: { id: true, url: true, description: true, events: true, enabled: true, createdBy: true, createdAt: true, secretRotatedAt: true },
  });
  return row && { ...row, events: eventsOf(row.events) };
}

/** The latest messages of an endpoint with every attempt (status, duration, error class). */
export async function listWebhookMessages(endpointId: string) {
  return prisma.webhookMessage.findMany({
    where: { endpointId },
    orderBy: { createdAt: "desc" },
    take: DELIVERY_LOG_SIZE,
    select: {
      id: true,
      type: true,
      createdAt: true,
      deliveredAt: true,
      attempts: { orderBy: { number: "asc" }, select: { number: true, at: true, ok: true, statusCode: true, durationMs: true, errorClass: true } },
    },
  });
}
export type WebhookMessageRow = Awaited<ReturnType<typeof listWebhookMessages>>[number];
