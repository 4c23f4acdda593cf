import { LIMITS } from "@/lib/validation/limits";
import { ROTATION_GRACE_MAX_DAYS } from "./rotation";
import { z } from "zod";
import { omittableInstantSchema, optionalInstantSchema } from "@/lib/validation/dates";

const inTheFuture = [(d: Date | null | undefined) => !d || d.getTime() > Date.now(), "Choose a moment in the future."] as const;

/**
 * The new-secret form: what an admin may say about a secret (never its value). The expiry must also
 * obey the owner's secret policy (lib/secrets/policy.ts), which the service checks in its transaction.
 */
export const newSecretSchema = z.object({
  description: z.string().trim().max(LIMITS.shortText, `Use at most ${LIMITS.shortText} characters.`),
  expiresAt: optionalInstantSchema.refine(...inTheFuture),
});

/** The REST API's expiry of a new secret: left out, the policy's default (lib/secrets/policy.ts); null, never. */
export const apiNewSecretExpirySchema = omittableInstantSchema.refine(...inTheFuture);

export type NewSecretInput = z.input<typeof newSecretSchema>;
export type NewSecretValues = z.output<typeof newSecretSchema>;
/** What the secret service takes: the form's values, the expiry undefined for the policy's default. */
export type NewSecretRequest = Omit<NewSecretValues, "expiresAt"> & { expiresAt: Date | null | undefined };

/** How long the old secret of a rotation keeps working, in whole days (bounds: lib/secrets/rotation.ts). */
export const graceDaysSchema = z
  .number({ error: "Enter a number of days." })
  .int("Enter whole days.")
  .min(1, "Give callers at least 1 day to move to the new secret.")
  .max(ROTATION_GRACE_MAX_DAYS, `At most ${ROTATION_GRACE_MAX_DAYS} days.`);

/** The rotate form: which secret, how long the old one keeps working, and the new one's description. */
export const rotateSecretSchema = z.object({
  secretId: z.string().min(1),
  graceDays: z.coerce.number({ error: "Enter a number of days." }).pipe(graceDaysSchema),
  description: newSecretSchema.shape.description,
});

export type RotateSecretInput = z.input<typeof rotateSecretSchema>;
export type RotateSecretValues = z.output<typeof rotateSecretSchema>;
