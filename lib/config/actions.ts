"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { importConfiguration } from "./service";

// The portal's configuration import: session, validation and transaction come from adminAction; the
// import itself is lib/config/service.ts, which the REST API (/api/v0/import) calls too.

/** Server actions take at most 1 MB; larger documents go through POST /api/v0/import. */
const importConfigurationSchema = z.object({
  format: z.enum(["usercube-xml", "portal-json"]),
  text: z.string().min(1, "Upload or paste a document.").max(1_000_000, "The document is larger than 1 MB; use POST /api/v0/import."),
  dryRun: z.boolean(),
  createMissingProfiles: z.boolean().default(false),
  passphrase: z.string().max(1000).optional(),
});

/** Imports (or, with dryRun, only plans) a Usercube XML or portal JSON document; all or nothing. */
export const importConfigurationDocument = adminAction(
  "configuration.import",
  importConfigurationSchema,
  async (values, ctx) => {
    const report = await importConfiguration(ctx, { ...values, passphrase: values.passphrase || undefined });
    if (report.applied) for (const path of ["/", "/clients", "/profiles", "/scopes", "/providers", "/audit"]) revalidatePath(path);
    return report;
  },
  { timeout: 60_000 },
);
