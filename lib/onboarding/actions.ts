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

/**
 * "I have stored it" in a ClientCredentials client's secret dialog (only who may write clients gets a
 * secret to store); with `secret`, the walkthrough's check that it really was (lib/onboarding/service.ts).
 */
export const confirmSecretStored = adminAction(
  "clients.write",
  z.object({
    clientInternalId: z.string().min(1).max(100),
    secret: z.string().trim().min(1, "Paste the secret.").max(200, "That is not a secret of this portal.").optional(),
  }),
  async ({ clientInternalId, secret }, ctx) => {
    const result = await recordSecretStoredRecord(ctx, clientInternalId, secret);
    if (secret !== undefined) revalidatePath("/");
    return result;
  },
);
