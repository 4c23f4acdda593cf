import { z } from "zod";
import { scopeSchema } from "@/lib/scopes/schema";
import { apiSecretSchema } from "../clients/schema";

// The REST API's scope bodies, in snake_case, with the scope form's field rules (lib/scopes/schema.ts).

const s = scopeSchema.shape;

/** The body of POST /api/v0/scopes (and, merged over the stored scope, of PUT). */
export const apiScopeInputSchema = z.object({
  name: s.name.meta({ description: "The string used in the scope parameter, e.g. orders.read. A built-in scope's name cannot change." }),
  display_name: s.displayName,
  description: s.description.default(""),
  enabled: s.enabled.default(true),
});

export const apiScopeUpdateSchema = apiScopeInputSchema
  .partial()
  .meta({ description: "The fields of the create body, each optional: omitted fields keep their value." });

const rfc3339 = z.string().meta({ format: "date-time", description: "RFC 3339 (UTC)" });

export const apiScopeSchema = z.object({
  id: z.string().meta({ description: "The internal id used in the URLs." }),
  name: z.string(),
  display_name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  built_in: z.boolean().meta({ description: "openid, profile and email: cannot be deleted or renamed." }),
  date_created: rfc3339,
  date_modified: rfc3339,
});

export const apiScopeDetailsSchema = apiScopeSchema.extend({
  secrets: z.array(apiSecretSchema),
  clients: z.array(z.string()).meta({ description: "client_ids of up to 100 clients allowed to request the scope." }),
});

export const apiScopeListSchema = z.object({
  scopes: z.array(apiScopeSchema),
  total_size: z.number().int(),
  next_page_token: z.string().optional(),
});

export type ApiScope = z.output<typeof apiScopeSchema>;
