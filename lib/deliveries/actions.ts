"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { recordAudit } from "@/lib/audit/audit";
import { prisma } from "@/lib/db/prisma";
import { wakeOutbox } from "@/lib/notifications/outbox";
import { formatInstant } from "@/lib/validation/format-instant";
import { retryDeliverySchema } from "./schema";
import { retryDeliveryRecord } from "./service";

// The action of /deliveries: Owners only ("deliveries.write"), audited.

/** How long "Retry now" waits for the worker's attempt before it answers "queued". */
const RETRY_WAIT_MS = 5000;

/** The outcome of "Retry now", as the page reports it. */
export type RetryReport = { delivered: boolean; summary: string };

/**
 * Makes a waiting or given-up message due now and wakes this process's worker, then waits a moment
 * for its attempt to report the outcome. The change and its audit event commit first, on their own:
 * the wait must not hold a transaction (the worker writes the same row).
 */
export const retryDelivery = adminAction(
  "deliveries.write",
  retryDeliverySchema,
  async ({ id }, ctx): Promise<RetryReport> => {
    const retried = await prisma.$transaction((tx) =>
      retryDeliveryRecord({ ...ctx, tx, audit: (event) => recordAudit(tx, ctx.actor, event, ctx.afterCommit) }, id),
    );
    wakeOutbox();
    revalidatePath("/deliveries");
    const deadline = Date.now() + RETRY_WAIT_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const row = await prisma.outboxMessage.findUnique({
        where: { id: retried.id },
        select: { attempts: true, deliveredAt: true, failedAt: true, nextAttemptAt: true, leaseUntil: true, lastError: true },
      });
      if (!row) return { delivered: true, summary: "Delivered." };
      if (row.deliveredAt) return { delivered: true, summary: "Delivered." };
      if (row.attempts === retried.attempts || row.leaseUntil) continue;
      if (row.failedAt) return { delivered: false, summary: `Failed again and given up: ${row.lastError ?? "no reason given"}` };
      if (!row.nextAttemptAt) return { delivered: false, summary: row.lastError ?? "Not sent." };
      return { delivered: false, summary: `Failed again: ${row.lastError ?? "no reason given"} Next attempt ${formatInstant(row.nextAttemptAt)}.` };
    }
    return { delivered: false, summary: "Queued: it goes out at the worker's next pass." };
  },
  { transaction: false },
);
