"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { ActionError } from "@/lib/actions/result";
import * as clock from "@/lib/clock";
import { auditRetentionSchema, purgeNowSchema } from "./retention-schema";
import { purgeAuditNowRecord, saveAuditRetentionRecord } from "./service";

// The actions of /settings/audit: Owners only ("settings.write"), audited.

/** Saves how long audit events are kept. */
export const saveAuditRetention = adminAction("settings.write", auditRetentionSchema, async (values, ctx) => {
  const saved = await saveAuditRetentionRecord(ctx, values);
  revalidatePath("/settings/audit");
  return saved;
});

/** The outcome of "Purge now", as the page reports it. */
export type PurgeNowReport = { deleted: number; more: boolean };

/** Deletes now (one bounded run) the events older than the saved retention, audited as the Owner's. */
export const purgeAuditNow = adminAction(
  "settings.write",
  purgeNowSchema,
  async (_values, ctx): Promise<PurgeNowReport> => {
    const result = await purgeAuditNowRecord(ctx, clock.now());
    if (result.retentionDays === null) throw new ActionError("The audit log is kept forever: set a retention first, then purge.");
    revalidatePath("/settings/audit");
    revalidatePath("/audit");
    return { deleted: result.deleted, more: result.more };
  },
  { timeout: 60_000 },
);
