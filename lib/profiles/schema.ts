import { LIMITS } from "@/lib/validation/limits";
import { z } from "zod";
import { SECRET_MAX_DAYS_LIMIT } from "@/lib/secrets/policy";

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

const wholeDays = `Enter a whole number of days from 1 to ${SECRET_MAX_DAYS_LIMIT}, or leave it empty for no limit.`;

/**
 * A profile's secret policy (lib/secrets/policy.ts): the longest its clients' new secrets may live, in
 * days; empty: no limit. Left out (an import, whose formats carry no policy): the stored one stays.
 */
export const secretMaxDaysSchema = z
  .preprocess(
    (value) => (value === "" ? null : value),
    z.coerce.number({ message: wholeDays }).int(wholeDays).min(1, wholeDays).max(SECRET_MAX_DAYS_LIMIT, wholeDays).nullable(),
  )
  .optional();

/** A profile: e.g. Administrator, RoleOfficerByCategory, and the secret policy of its clients. */
export const profileSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(1, "Enter an identifier.")
    .max(LIMITS.key, `Use at most ${LIMITS.key} characters.`)
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "Start with a letter; use only letters, digits and _."),
  displayName: z.string().trim().min(1, "Enter a display name.").max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
  secretMaxDays: secretMaxDaysSchema,
  /**
   * Four-eyes (docs/decisions/030): its clients' changes need a second person's approval. Left out
   * (the form until it shows it, an import): the stored value stays. Only an Owner changes it.
   */
  requireApproval: z.boolean().optional(),
});

/** A profile context: an Id set by hand (≤ -2), a category and a dimension value (D0). */
export const profileContextSchema = z.object({
  id: profileContextIdSchema,
  category: z.string().trim().min(1, "Enter a category.").max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  d0: z.string().trim().min(1, "Enter the dimension value (D0).").max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
});

export type ProfileInput = z.input<typeof profileSchema>;
export type ProfileContextInput = z.input<typeof profileContextSchema>;

// The update and delete inputs add the record key to the form's schema (lib/profiles/schema.ts).
// A profile context's key is its Id, which the form already carries (read-only when editing).
export const updateProfileSchema = profileSchema.extend({ id: z.string().min(1) });
export const deleteProfileSchema = z.object({ id: z.string().min(1) });
export const updateProfileContextSchema = profileContextSchema;
export const deleteProfileContextSchema = profileContextSchema.pick({ id: true });
