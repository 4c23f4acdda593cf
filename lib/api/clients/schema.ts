import { z } from "zod";
import { clientIdSchema, profileContextIdSchema } from "@/lib/clients/schema";
import { CLIENT_SETTING_KEYS, CLIENT_MODEL, nameIn, refineWithClientRules, wireOutShape, wireShape } from "@/lib/clients/model";
import type { ClientFlow, TokenEndpointAuthMethod } from "@/lib/clients/vocabulary";
import { ROTATION_GRACE_DEFAULT_DAYS, ROTATION_GRACE_MAX_DAYS } from "@/lib/secrets/rotation";
import { apiNewSecretExpirySchema, graceDaysSchema, newSecretSchema } from "@/lib/secrets/schema";

// The REST API's client bodies, in snake_case (the Beyond Identity names where they exist): the
// client's one declaration (lib/clients/model.ts) spelled with its REST names, with the same rules
// and the same cross-field rules (`clientRules`) as the form. Only what the API decides for a caller
// differs: a generated client_id, a flow guessed from the redirect URIs, the caller's own profile.

const apiClientFields = z.object({
  client_id: clientIdSchema
    .optional()
    .meta({ description: "The OIDC client_id (URL-safe, 3–100 characters). Generated (a UUID) when absent. Cannot change later." }),
  ...wireShape("rest"),
  flow: CLIENT_MODEL.flow.wire.optional().meta({ description: "Default: AuthorizationCode when redirect_uris are given, else ClientCredentials." }),
  profile: CLIENT_MODEL.profile.wire
    .optional()
    .meta({ description: "A profile identifier. Default: Administrator; for a context-bound caller, its own profile (the only one it may assign)." }),
  profile_context_id: z
    .union([z.null(), profileContextIdSchema])
    .optional()
    .meta({ description: "A profile context Id (-2 or lower) or null. A context-bound caller may only use its own (the default for it)." }),
});

/** The body of POST /api/v0/oidc/clients (and, merged over the stored client, of PUT). */
export const apiClientInputSchema = apiClientFields
  .transform(({ flow, ...client }) => ({
    ...client,
    flow: flow ?? (client.redirect_uris.length ? ("AuthorizationCode" as const) : ("ClientCredentials" as const)),
  }))
  .superRefine(
    refineWithClientRules("rest", (client: { flow: ClientFlow; token_endpoint_auth_method: TokenEndpointAuthMethod; redirect_uris: string[] }) => ({
      flow: client.flow,
      tokenEndpointAuthMethod: client.token_endpoint_auth_method,
      redirectUris: client.redirect_uris,
    })),
  );

/** The writable fields of a client, as the create body spells them: the declaration's REST names. */
const INPUT_NAMES = ["client_id", ...CLIENT_SETTING_KEYS.map((k) => nameIn("rest", k))];

/** A PUT body over the stored client: each writable field the body holds, else the stored value. */
export function mergeOverStored(current: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(INPUT_NAMES.map((name) => [name, name in body ? body[name] : current[name]]));
}

export type ApiClientInput = z.input<typeof apiClientInputSchema>;
export type ApiClientValues = z.output<typeof apiClientInputSchema>;

/** PUT /api/v0/oidc/clients/{id}: any client field (omitted ones keep their value) plus `version`. */
export const apiClientUpdateSchema = apiClientFields
  .partial()
  .extend({
    version: z.number().int().min(1).optional().meta({
      description:
        "The version the change is based on; when the client was changed since, the update is refused with 409. Omit to overwrite: the last write wins, and concurrent writers are applied one after the other (never a 409).",
    }),
  })
  .meta({ description: "The fields of the create body, each optional: omitted fields keep their value, null clears a nullable one. client_id cannot change." });

const rfc3339 = z.string().meta({ format: "date-time", description: "RFC 3339 (UTC)" });

/** A secret as the API shows it: never its value or hash. */
export const apiSecretSchema = z.object({
  id: z.string(),
  hint: z.string().meta({ description: "The last 4 characters of the secret." }),
  description: z.string(),
  status: z.enum(["active", "expired", "revoked"]),
  expiration: rfc3339.nullable(),
  date_created: rfc3339,
  created_by: z.string(),
  revoked_at: rfc3339.nullable(),
  rotated_at: rfc3339.nullable().meta({ description: "When a rotation replaced it: it keeps working until its expiration, then expires by itself." }),
  last_used_at: rfc3339.nullable().meta({ description: "The last time it authenticated a caller (written a few seconds after the use); null: never." }),
});

export const apiClientSchema = z.object({
  id: z.string().meta({ description: "The internal id used in the URLs." }),
  client_id: z.string(),
  ...wireOutShape("rest"),
  profile: z.string().meta({ description: "The profile identifier." }),
  status: z.enum(["active", "disabled", "expired"]),
  version: z.number().int().meta({ description: "Incremented by every change; send it back with PUT to detect concurrent edits." }),
  date_created: rfc3339,
  date_modified: rfc3339,
});

export const apiClientDetailsSchema = apiClientSchema.extend({ secrets: z.array(apiSecretSchema) });

export const apiCreatedClientSchema = apiClientSchema.extend({
  client_secret: z.string().optional().meta({ description: "The first secret of a confidential client. Shown this once; store it now." }),
});

export const apiClientListSchema = z.object({
  clients: z.array(apiClientSchema),
  total_size: z.number().int(),
  next_page_token: z.string().optional(),
});

/** POST …/{id}/secrets: the same rules as the new-secret form. */
export const apiSecretInputSchema = z.object({
  description: newSecretSchema.shape.description.default(""),
  expiration: apiNewSecretExpirySchema.meta({
    description:
      "RFC 3339 instant in the future, or null for a secret that never expires. Left out: the longest the client's profile policy allows (or never). An expiry the policy does not allow is a 400 on this field.",
  }),
});

export const apiCreatedSecretSchema = apiSecretSchema.extend({
  secret: z.string().meta({ description: "The secret's value. Shown this once; store it now." }),
});

/** POST …/{id}/secrets/{secretId}/rotate: the same rules as the rotate form; the body may be left out. */
export const apiRotateSecretInputSchema = z.object({
  grace_days: graceDaysSchema.default(ROTATION_GRACE_DEFAULT_DAYS).meta({
    description: `Whole days the old secret keeps working (1–${ROTATION_GRACE_MAX_DAYS}, default ${ROTATION_GRACE_DEFAULT_DAYS}); never beyond its own expiry.`,
  }),
  description: newSecretSchema.shape.description
    .default("")
    .meta({ description: "The new secret's description. Left out: “Replaces …” and the old secret's hint." }),
});

export const apiRotatedSecretSchema = apiCreatedSecretSchema.extend({
  retiring: z
    .object({ id: z.string(), hint: z.string(), expiration: rfc3339 })
    .meta({ description: "The old secret: it keeps working until expiration, then expires by itself (revoke it sooner once nothing uses it)." }),
});

export type ApiClient = z.output<typeof apiClientSchema>;
export type ApiSecret = z.output<typeof apiSecretSchema>;
