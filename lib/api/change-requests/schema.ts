import { z } from "zod";
import { CHANGE_KINDS, CHANGE_STATUSES } from "@/lib/change-requests/schema";

// A four-eyes change request as the REST API shows it (docs/decisions/030): what a governed
// mutation answers with 202 Accepted, and GET /change-requests/{id}. Never its payload beyond the
// diff, never a secret (an approved request's secret is fetched once by its author: POST …/secret).

const rfc3339 = z.string().meta({ format: "date-time", description: "RFC 3339 (UTC)" });
const person = z.object({
  type: z.enum(["admin", "client"]).meta({ description: "An admin of the portal, or an API client." }),
  label: z.string().meta({ description: "The admin's email, or the API client's client_id." }),
});

export const apiChangeRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANGE_KINDS),
  status: z.enum(CHANGE_STATUSES).meta({ description: "open until someone decides; stale when the client changed before the approval." }),
  client: z.object({
    id: z.string().nullable().meta({ description: "The client's internal id; null for a create that is not approved yet." }),
    client_id: z.string().meta({ description: "The client's client_id (the proposed one for a create)." }),
  }),
  profile_context_id: z.number().int().nullable(),
  reason: z.string(),
  diff: z
    .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
    .meta({ description: "The proposed change, field by field, in the portal's field names." }),
  base_version: z.number().int().nullable().meta({ description: "The client's version the request was made against." }),
  author: person,
  decider: person.nullable(),
  decision_comment: z.string(),
  secret_waiting: z.boolean().meta({ description: "An approved request issued a secret its author has not fetched yet (POST …/secret)." }),
  date_created: rfc3339,
  date_decided: rfc3339.nullable(),
  url: z.string().meta({ description: "This request in the API (the Location of a 202)." }),
  portal_url: z.string().meta({ description: "This request's page in the portal, where another admin approves or rejects it." }),
});
export type ApiChangeRequest = z.infer<typeof apiChangeRequestSchema>;

export const apiProposedSchema = apiChangeRequestSchema.extend({
  message: z.string().meta({ description: "Nothing changed yet: the change waits for a second person's approval." }),
});

export const apiChangeRequestListSchema = z.object({
  change_requests: z.array(apiChangeRequestSchema),
  total_size: z.number().int(),
  next_page_token: z.string().optional(),
});

export const apiRevealedSecretSchema = z.object({
  client_id: z.string(),
  secret: z.string().meta({ description: "The secret's value. Shown this once; store it now." }),
  hint: z.string(),
});

/** GET /change-requests?status=: one status only. */
export const apiStatusQuerySchema = z.object({ status: z.enum(CHANGE_STATUSES).optional() });
