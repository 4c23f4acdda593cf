"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { approveChangeRequestSchema, changeRequestRefSchema, rejectChangeRequestSchema } from "./schema";
import { approveChangeRequestRecord, rejectChangeRequestRecord, revealChangeRequestSecretRecord, withdrawChangeRequestRecord } from "./service";

// Deciding on four-eyes change requests (docs/decisions/030). clients.write is the wrapper's first
// fence; the service reads the decider's power again in its transaction and applies the change
// through the direct change's own service, with every check evaluated for the approver.

/** Approves a request and applies its change, or marks it stale (the answer says which). */
export const approveChangeRequest = adminAction("clients.write", approveChangeRequestSchema, async ({ id, comment }, ctx) => {
  const result = await approveChangeRequestRecord(ctx, id, comment);
  revalidatePath("/clients");
  return result;
});

/** Rejects a request with a comment. */
export const rejectChangeRequest = adminAction("clients.write", rejectChangeRequestSchema, async ({ id, comment }, ctx) => {
  await rejectChangeRequestRecord(ctx, id, comment);
  return null;
});

/** Withdraws one's own open request. */
export const withdrawChangeRequest = adminAction("clients.write", changeRequestRefSchema, async ({ id }, ctx) => {
  await withdrawChangeRequestRecord(ctx, id);
  return null;
});

/** The secret an approved request issued, to its author, once. */
export const revealChangeRequestSecret = adminAction("clients.write", changeRequestRefSchema, async ({ id }, ctx) => revealChangeRequestSecretRecord(ctx, id));
