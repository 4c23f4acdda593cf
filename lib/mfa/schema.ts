import { z } from "zod";
import { MFA_LEVELS } from "./requirement";

// The forms of /account (factors), /admins (reset, requirement) and /mfa (the second step). Each
// schema is used by the form and by its server action (lib/mfa/actions.ts).

export const FACTOR_NAME_MAX = 60;
export const factorNameSchema = z.string().trim().min(1, "Give it a name.").max(FACTOR_NAME_MAX, `Use at most ${FACTOR_NAME_MAX} characters.`);
const factorIdSchema = z.string().min(1).max(100);

export const totpCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the six-digit code from your app."));

/** Confirms an authenticator app with its first code. */
export const confirmTotpSchema = z.object({ factorId: factorIdSchema, name: factorNameSchema, code: totpCodeSchema });
export type ConfirmTotpInput = z.input<typeof confirmTotpSchema>;

export const renameFactorSchema = z.object({ factorId: factorIdSchema, name: factorNameSchema });
export type RenameFactorInput = z.input<typeof renameFactorSchema>;

export const factorIdOnlySchema = z.object({ factorId: factorIdSchema });
export const noInputSchema = z.object({});
export const resetFactorsSchema = z.object({ id: z.string().min(1).max(100) });
export const mfaLevelSchema = z.object({ level: z.enum(MFA_LEVELS, { message: "Choose who must use a second factor." }) });

/** The second step: a six-digit code or a recovery code (the service tells them apart). */
export const secondStepSchema = z.object({ code: z.string().trim().min(1, "Enter a code.").max(40, "That code is too long.") });
export type SecondStepInput = z.input<typeof secondStepSchema>;

/** A WebAuthn answer as @simplewebauthn/browser sends it (checked in depth by @simplewebauthn/server). */
export const webauthnResponseSchema = z.object({
  id: z.string().min(1).max(2048),
  rawId: z.string().min(1).max(2048),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(65_536) }),
  clientExtensionResults: z.looseObject({}).default({}),
  authenticatorAttachment: z.string().max(50).optional(),
});

export const passkeyRegistrationSchema = z.object({ name: factorNameSchema, response: webauthnResponseSchema });
export const passkeySignInSchema = z.object({ response: webauthnResponseSchema });
