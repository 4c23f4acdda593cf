"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { rotateSigningKeysRecord } from "./service";

/** "Rotate keys" on /keys (Owner only): both signing keys replaced at once. */
export const rotateSigningKeysAction = adminAction(
  "keys.write",
  z.object({}),
  async (_input, ctx) => {
    const result = await rotateSigningKeysRecord(ctx);
    ctx.afterCommit(() => revalidatePath("/keys"));
    return result;
  },
  // An RSA key pair can take seconds on a busy machine; it is made before the writes (lib/oauth/keys.ts).
  { timeout: 30_000 },
);
