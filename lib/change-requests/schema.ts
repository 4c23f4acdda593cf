import { z } from "zod";
import {
  createClientSchema,
  createClientSecretSchema,
  deleteClientSchema,
  rotateClientSecretSchema,
  setClientEnabledSchema,
  updateClientSchema,
} from "@/lib/clients/schema";
import { LIMITS } from "@/lib/validation/limits";

// Four-eyes change requests (docs/decisions/030): what a request holds and the decisions on it.

export const CHANGE_KINDS = ["create", "update", "disable", "enable", "delete", "newSecret", "rotate"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_STATUSES = ["open", "approved", "rejected", "stale", "withdrawn"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/**
 * The payload of each kind is the direct action's input, parsed by the direct action's own schema:
 * a request is validated when it is proposed (the service's checks) and again when it is applied.
 */
export const PAYLOAD_SCHEMAS = {
  create: createClientSchema,
  update: updateClientSchema,
  disable: setClientEnabledSchema,
  enable: setClientEnabledSchema,
  delete: deleteClientSchema,
  newSecret: createClientSecretSchema,
  rotate: rotateClientSecretSchema,
} as const satisfies Record<ChangeKind, z.ZodType>;

/** Why the change is wanted: the approver reads it beside the diff. Optional on the direct path. */
export const reasonSchema = z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`);

/** A client action's input with the reason its change request would carry (ignored when not governed). */
export function withReason<S extends z.ZodType>(schema: S) {
  return z.intersection(schema, z.object({ reason: reasonSchema.default("") }));
}

export const changeRequestRefSchema = z.object({ id: z.string().min(1) });
export const approveChangeRequestSchema = changeRequestRefSchema.extend({
  comment: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`).default(""),
});
export const rejectChangeRequestSchema = changeRequestRefSchema.extend({
  comment: z.string().trim().min(1, "Say why the change is rejected.").max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
});
