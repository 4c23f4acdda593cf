"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { recordSecretStoredRecord, setWalkthroughDismissedRecord } from "./service";

/** Hides (or brings back) the dashboard's getting-started walkthrough: one's own setting, like the account page. */
export const dismissWalkthrough = adminAction("account.write", z.object({ dismissed: z.boolean() }), async ({ dismissed }, ctx) => {
  await setWalkthroughDismissedRecord(ctx, dismissed);
  revalidatePath("/");
  return null;
});

/** "I have stored it" in a ClientCredentials client's secret dialog (only who may write clients gets a secret to store). */
export const confirmSecretStored = adminAction("clients.write", z.object({ clientInternalId: z.string().min(1).max(100) }), async ({ clientInternalId }, ctx) => {
  await recordSecretStoredRecord(ctx, clientInternalId);
  return null;
});
