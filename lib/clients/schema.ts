import { LIMITS } from "@/lib/validation/limits";
import { z } from "zod";
import { newSecretSchema, rotateSecretSchema } from "@/lib/secrets/schema";
import { formShape, refineWithClientRules, type ClientRuleInput } from "./model";

/** The OIDC client_id: URL-safe (RFC 3986 unreserved characters), immutable once created. */
export const clientIdSchema = z
  .string()
  .trim()
  // An empty field is a missing value, not a short one: say so first, and only that.
  .min(1, { message: "Enter a client ID.", abort: true })
  .min(3, "Use at least 3 characters.")
  .max(LIMITS.key, `Use at most ${LIMITS.key} characters.`)
  .regex(/^[A-Za-z0-9._~-]+$/, "Use only letters, digits and . _ ~ -");

export { profileContextIdSchema } from "@/lib/profiles/schema";

/** The field rules of a client as the forms spell them, derived from the one declaration (./model.ts). */
export const clientFields = z.object({ clientId: clientIdSchema, ...formShape() });

export type { ClientRuleInput } from "./model";
/** The client rules across fields (./model.ts clientRules), as the form's refinement. */
const formRules = refineWithClientRules<ClientRuleInput>("form", (v) => v);

/** The create-client form (and action); a confidential client's first secret may get a description. */
export const createClientSchema = clientFields
  .extend({ firstSecretDescription: z.string().trim().max(LIMITS.shortText, `Use at most ${LIMITS.shortText} characters.`).optional() })
  .superRefine(formRules);

/** The edit-client form: the client_id cannot change; `version` detects concurrent edits. */
export const updateClientSchema = clientFields
  .omit({ clientId: true })
  .extend({ id: z.string().min(1), version: z.number().int().min(1) })
  .superRefine(formRules);

/** A client by its internal id (the disable, enable, delete and secret actions). */
export const clientRefSchema = z.object({ id: z.string().min(1) });
export const deleteClientSchema = clientRefSchema;
export const setClientEnabledSchema = clientRefSchema.extend({ enabled: z.boolean() });
export const createClientSecretSchema = clientRefSchema.extend(newSecretSchema.shape);
export const rotateClientSecretSchema = clientRefSchema.extend(rotateSecretSchema.shape);

export type CreateClientInput = z.input<typeof createClientSchema>;
export type CreateClientValues = z.output<typeof createClientSchema>;
export type UpdateClientInput = z.input<typeof updateClientSchema>;
export type UpdateClientValues = z.output<typeof updateClientSchema>;

/** A client that authenticates at the token endpoint holds secrets; a public one does not. */
export function isConfidential(client: { tokenEndpointAuthMethod: string }): boolean {
  return client.tokenEndpointAuthMethod !== "none";
}
