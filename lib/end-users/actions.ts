"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { endUserIdSchema, revokeGrantsSchema } from "./schema";
import { revokeGrantsRecord, signOutEverywhereRecord } from "./service";

// The end-users section's actions (/end-users): thin, through the one pipeline (ADR 007).

/** Ends every session of a person and revokes all they hold; their consents remain. */
export const signOutEndUserEverywhere = adminAction("endUsers.signOut", endUserIdSchema, async ({ id }, ctx) => {
  const result = await signOutEverywhereRecord(ctx, id);
  revalidatePath("/end-users");
  return result;
});

/** Revokes a person's grants to one client: its tokens die and the next sign-in asks for consent again. */
export const revokeEndUserGrants = adminAction("endUsers.write", revokeGrantsSchema, async (values, ctx) => {
  const result = await revokeGrantsRecord(ctx, values);
  revalidatePath("/end-users");
  return result;
});
