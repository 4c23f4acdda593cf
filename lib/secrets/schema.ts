import { LIMITS } from "@/lib/validation/limits";
import { z } from "zod";
import { optionalInstantSchema } from "@/lib/validation/dates";

/** The new-secret form: what an admin may say about a secret (never its value). */
export const newSecretSchema = z.object({
  description: z.string().trim().max(LIMITS.shortText, `Use at most ${LIMITS.shortText} characters.`),
  expiresAt: optionalInstantSchema.refine((d) => d === null || d.getTime() > Date.now(), "Choose a moment in the future."),
});

export type NewSecretInput = z.input<typeof newSecretSchema>;
export type NewSecretValues = z.output<typeof newSecretSchema>;
