import { LIMITS } from "@/lib/validation/limits";
import { z } from "zod";

/** The scopes every portal has; they cannot be deleted or renamed. */
export const BUILT_IN_SCOPES = [
  { name: "openid", displayName: "OpenID", description: "Sign in with OpenID Connect; required in every OIDC request." },
  { name: "profile", displayName: "Profile", description: "The user's basic profile claims (name, locale, …)." },
  { name: "email", displayName: "Email", description: "The user's email address and whether it is verified." },
] as const;

/**
 * A scope name as used in the `scope` parameter: an RFC 6749 §3.3 scope-token, restricted to the
 * characters APIs use in practice (letters, digits and . _ - : /), e.g. `orders.read`, `api://x/read`.
 */
export const scopeNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a scope name.")
  .max(LIMITS.key, `Use at most ${LIMITS.key} characters.`)
  .regex(/^[A-Za-z0-9._:/-]+$/, "Use only letters, digits and . _ - : / (no spaces).");

/** The scope form (and action). */
export const scopeSchema = z.object({
  name: scopeNameSchema,
  displayName: z.string().trim().min(1, "Enter a display name.").max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
  description: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
  enabled: z.boolean(),
});

export const updateScopeSchema = scopeSchema.extend({ id: z.string().min(1) });

export type ScopeInput = z.input<typeof scopeSchema>;
