import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { clientFields, clientRules, profileContextIdSchema } from "@/lib/clients/schema";
import { CLIENT_FLOWS, ID_TOKEN_SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from "@/lib/clients/vocabulary";
import { scopeNameSchema } from "@/lib/scopes/schema";
import { newSecretSchema } from "@/lib/secrets/schema";
import { redirectUriListSchema } from "@/lib/validation/uri";

// The REST API's client bodies, in snake_case (the Beyond Identity names where they exist). Every
// field reuses the form's rule (lib/clients/schema.ts), and the cross-field rules are the same
// `clientRules`; only the shapes differ (arrays instead of textareas, names instead of ids).

const f = clientFields.shape;

const apiClientFields = z.object({
  client_id: f.clientId.optional().meta({ description: "The OIDC client_id (URL-safe, 3–100 characters). Generated (a UUID) when absent. Cannot change later." }),
  name: f.displayName.meta({ description: "Display name." }),
  description: f.description.default(""),
  redirect_uris: redirectUriListSchema.default([]).meta({ description: "Absolute https URLs (http only for localhost), no fragment, at most 50." }),
  post_logout_redirect_uris: redirectUriListSchema.default([]),
  flow: f.flow.optional().meta({ description: "Default: AuthorizationCode when redirect_uris are given, else ClientCredentials." }),
  id_token_signed_response_alg: f.idTokenSignedResponseAlg.default("RS256"),
  token_endpoint_auth_method: f.tokenEndpointAuthMethod
    .default("client_secret_basic")
    .meta({ description: "none makes a public client (AuthorizationCode only); any other method makes a confidential client, which gets a first secret." }),
  profile: z
    .string()
    .trim()
    .min(1, "Enter a profile identifier.")
    .max(100, "Use at most 100 characters.")
    .optional()
    .meta({ description: "A profile identifier. Default: Administrator; for a context-bound caller, its own profile (the only one it may assign)." }),
  profile_context_id: z
    .union([z.null(), profileContextIdSchema])
    .optional()
    .meta({ description: "A profile context Id (-2 or lower) or null. A context-bound caller may only use its own (the default for it)." }),
  admin_api_role: z
    .union([z.null(), z.enum(ROLES)])
    .default(null)
    .meta({
      description:
        "What the client may do in this admin API: Owner, Editor or Auditor (within its profile context when it has one), or null for nothing (the default). Only a caller who holds that power may grant it (403 otherwise).",
    }),
  expires_at: f.expiresAt.meta({ description: "RFC 3339 instant after which the client can no longer be used, or null." }),
  enabled: f.enabled.default(true),
  scopes: z.array(scopeNameSchema).max(200, "Choose at most 200 scopes.").default([]).meta({ description: "Names of the scopes the client may request." }),
});

/** The body of POST /api/v0/oidc/clients (and, merged over the stored client, of PUT). */
export const apiClientInputSchema = apiClientFields
  .transform(({ flow, ...client }) => ({ ...client, flow: flow ?? (client.redirect_uris.length ? ("AuthorizationCode" as const) : ("ClientCredentials" as const)) }))
  .superRefine((client, ctx) =>
    clientRules({ flow: client.flow, tokenEndpointAuthMethod: client.token_endpoint_auth_method, redirectUris: client.redirect_uris }, ctx),
  );

export type ApiClientInput = z.input<typeof apiClientInputSchema>;
export type ApiClientValues = z.output<typeof apiClientInputSchema>;

/** PUT /api/v0/oidc/clients/{id}: any client field (omitted ones keep their value) plus `version`. */
export const apiClientUpdateSchema = apiClientFields
  .partial()
  .extend({
    version: z.number().int().min(1).optional().meta({
      description: "The version the change is based on; when the client was changed since, the update is refused with 409. Omit to overwrite: the last write wins, and concurrent writers are applied one after the other (never a 409).",
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
});

export const apiClientSchema = z.object({
  id: z.string().meta({ description: "The internal id used in the URLs." }),
  client_id: z.string(),
  name: z.string(),
  description: z.string(),
  redirect_uris: z.array(z.string()),
  post_logout_redirect_uris: z.array(z.string()),
  flow: z.enum(CLIENT_FLOWS),
  id_token_signed_response_alg: z.enum(ID_TOKEN_SIGNING_ALGS),
  token_endpoint_auth_method: z.enum(TOKEN_ENDPOINT_AUTH_METHODS),
  profile: z.string().meta({ description: "The profile identifier." }),
  profile_context_id: z.number().int().nullable(),
  admin_api_role: z.enum(ROLES).nullable(),
  expires_at: rfc3339.nullable(),
  enabled: z.boolean(),
  status: z.enum(["active", "disabled", "expired"]),
  scopes: z.array(z.string()),
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
  expiration: newSecretSchema.shape.expiresAt.meta({ description: "RFC 3339 instant in the future, or null for a secret that never expires." }),
});

export const apiCreatedSecretSchema = apiSecretSchema.extend({
  secret: z.string().meta({ description: "The secret's value. Shown this once; store it now." }),
});

export type ApiClient = z.output<typeof apiClientSchema>;
export type ApiSecret = z.output<typeof apiSecretSchema>;
