"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { probeDiscovery } from "./discovery";
import { importProviderDocument } from "./import";
import { createProviderSchema, testConnectionSchema, updateProviderSchema } from "./schema";
import { createProviderRecord, deleteProviderRecord, updateProviderRecord } from "./service";

// The browser's provider mutations (Owner only: providers.write); the logic is in ./service.ts.

/** Creates a provider; its client secret, when given, is stored encrypted. */
export const createProvider = adminAction("providers.write", createProviderSchema, async (values, ctx) => {
  const result = await createProviderRecord(ctx, values);
  revalidatePath("/providers");
  return result;
});

/**
 * Saves an edit. The stored secret stays unless the admin replaced or cleared it. A save based on an
 * older version is refused (optimistic concurrency) and the admin's edits stay in the form.
 */
export const updateProvider = adminAction("providers.write", updateProviderSchema, async (values, ctx) => {
  const result = await updateProviderRecord(ctx, values);
  revalidatePath("/providers");
  revalidatePath(`/providers/${values.id}`);
  return result;
});

/** Deletes a provider (its encrypted secret goes with the row). */
export const deleteProvider = adminAction("providers.write", z.object({ id: z.string().min(1) }), async ({ id }, ctx) => {
  await deleteProviderRecord(ctx, id);
  revalidatePath("/providers");
  return null;
});

/**
 * Imports an `{"open_id_connect": [ … ]}` document (pasted or uploaded text), all or nothing. A
 * refusal lists every problem by entry and field: { "open_id_connect[1].response_mode": [ … ] }.
 */
export const importProviders = adminAction(
  "providers.write",
  z.object({ json: z.string().trim().min(1, "Paste a document or choose a file.").max(1_000_000, "The document is larger than 1 MB.") }),
  async ({ json }, ctx) => {
    const result = await importProviderDocument(ctx, json);
    revalidatePath("/providers");
    return result;
  },
);

/**
 * Fetches the provider's discovery document and checks it against the (unsaved) form values. No
 * transaction: it writes nothing, and a slow provider must not hold the database's lock.
 */
export const testProviderConnection = adminAction("providers.write", testConnectionSchema, (values) => probeDiscovery(values), { transaction: false });
