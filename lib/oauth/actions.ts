"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import type { ActionResult } from "@/lib/actions/result";
import { clearSigningKeyCache, rotateSigningKeys } from "./keys";

const rotate = adminAction(z.object({}), async (_input, { tx, audit }) => {
  const result = await rotateSigningKeys(tx);
  await audit({
    action: "signingKeys.rotated",
    target: { type: "signingKeys", id: "signing-keys", label: "Signing keys" },
    changes: { retired: result.retired, created: result.created },
  });
  return result;
});

/**
 * Replaces the signing key of each algorithm (the old ones stay published until their tokens have
 * expired). The key cache is cleared only after the transaction has committed: cleared inside it, a
 * token request in between could cache the old key again.
 */
export async function rotateSigningKeysAction(input: Record<string, never> = {}): Promise<ActionResult<{ retired: string[]; created: string[] }>> {
  const result = await rotate(input);
  if (result.ok) {
    clearSigningKeyCache();
    revalidatePath("/keys");
  }
  return result;
}
