import { LIMITS } from "@/lib/validation/limits";
import { z } from "zod";
import { optionalInstantSchema } from "@/lib/validation/dates";
import { redirectUriLinesSchema } from "@/lib/validation/uri";

import { ROLES } from "@/lib/auth/permissions";
import { CLIENT_FLOWS, ID_TOKEN_SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from "./vocabulary";

/** The OIDC client_id: URL-safe (RFC 3986 unreserved characters), immutable once created. */
export const clientIdSchema = z
  .string()
  .trim()
  // An empty field is a missing value, not a short one: say so first, and only that.
  .min(1, { message: "Enter a client ID.", abort: true })
  .min(3, "Use at least 3 characters.")
  .max(LIMITS.key, `Use at most ${LIMITS.key} characters.`)
  .regex(/^[A-Za-z0-9._~-]+$/, "Use only letters, digits and . _ ~ -");

/**
 * A profile context Id: set by hand, never recalculated, -2 or lower — and no lower than the
 * database's 32-bit integer column holds (PostgreSQL refuses anything below; found by
 * lib/validation/bad-input.test.ts).
 */
export const profileContextIdSchema = z.coerce
  .number({ message: "Enter a whole number." })
  .int("Enter a whole number.")
  .min(-2_147_483_648, "A profile context Id must be -2147483648 or higher.")
  .max(-2, "A profile context Id must be -2 or lower.");

/** The field rules of a client, shared by the forms (below) and the REST API (lib/api/clients/schema.ts). */
export const clientFields = z.object({
  clientId: clientIdSchema,
  displayName: z.string().trim().min(1, "Enter a display name.").max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
  redirectUris: redirectUriLinesSchema,
  postLogoutRedirectUris: redirectUriLinesSchema,
  flow: z.enum(CLIENT_FLOWS, { message: "Choose a flow." }),
  idTokenSignedResponseAlg: z.enum(ID_TOKEN_SIGNING_ALGS, { message: "Choose ES256 or RS256." }),
  tokenEndpointAuthMethod: z.enum(TOKEN_ENDPOINT_AUTH_METHODS, { message: "Choose an authentication method." }),
  profileId: z.string().min(1, "Choose a profile."),
  /** "" from the form means no context. */
  profileContextId: z.union([z.literal("").transform(() => null), z.null(), profileContextIdSchema]),
  /**
   * What the client may do in the portal's admin API (/api/v0), its own grant (ADR 008): "" from the
   * form, or null, means nothing. Only someone who holds that power may give it (lib/auth/power.ts).
   */
  adminApiRole: z
    .union([z.literal("").transform(() => null), z.null(), z.enum(ROLES, { message: "Choose Owner, Editor, Auditor or no access." })])
    .default(null),
  expiresAt: optionalInstantSchema,
  enabled: z.boolean(),
  /** The scopes (by internal id) the client may request. */
  scopeIds: z
    .array(z.string().min(1))
    .max(200, "Choose at most 200 scopes.")
    .default([])
    .transform((ids) => [...new Set(ids)]),
});

export type ClientRuleInput = Pick<z.output<typeof clientFields>, "flow" | "tokenEndpointAuthMethod" | "redirectUris">;

/** The rules that involve several fields; the message lands on the field to change (form field names). */
export function clientRules(client: ClientRuleInput, ctx: z.RefinementCtx) {
  if (client.flow !== "ClientCredentials" && client.redirectUris.length === 0) {
    ctx.addIssue({ code: "custom", path: ["redirectUris"], message: `Add at least one redirect URI (only ClientCredentials clients go without).` });
  }
  if (client.tokenEndpointAuthMethod === "none" && client.flow !== "AuthorizationCode") {
    ctx.addIssue({
      code: "custom",
      path: ["tokenEndpointAuthMethod"],
      message:
        client.flow === "ClientCredentials"
          ? "A ClientCredentials client must authenticate with a secret."
          : '"none" is only for public AuthorizationCode clients.',
    });
  }
}

/** The create-client form (and action); a confidential client's first secret may get a description. */
export const createClientSchema = clientFields
  .extend({ firstSecretDescription: z.string().trim().max(LIMITS.shortText, `Use at most ${LIMITS.shortText} characters.`).optional() })
  .superRefine(clientRules);

/** The edit-client form: the client_id cannot change; `version` detects concurrent edits. */
export const updateClientSchema = clientFields
  .omit({ clientId: true })
  .extend({ id: z.string().min(1), version: z.number().int().min(1) })
  .superRefine(clientRules);

export type CreateClientInput = z.input<typeof createClientSchema>;
export type CreateClientValues = z.output<typeof createClientSchema>;
export type UpdateClientInput = z.input<typeof updateClientSchema>;
export type UpdateClientValues = z.output<typeof updateClientSchema>;

/** A client that authenticates at the token endpoint holds secrets; a public one does not. */
export function isConfidential(client: { tokenEndpointAuthMethod: string }): boolean {
  return client.tokenEndpointAuthMethod !== "none";
}
