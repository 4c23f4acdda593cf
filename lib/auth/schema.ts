import { z } from "zod";
import { normalizeEmail } from "@/lib/validation/email";
import { LIMITS } from "@/lib/validation/limits";

/**
 * An admin's email (their sign-in name), normalised (lib/validation/email.ts). Deliberately lenient —
 * local@domain without spaces — so that intranet addresses such as admin@localhost work.
 */
export const adminEmailSchema = z
  .string()
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, "Enter your email address.")
      .max(320, "That email address is too long.")
      .regex(/^[^\s@]+@[^\s@]+$/, "Enter a valid email address."),
  );

/** A new password: the one rule set, used by ADMIN_PASSWORD (lib/config/env.ts) and every password form. */
export const newPasswordSchema = z
  .string()
  .min(LIMITS.passwordMin, `Use at least ${LIMITS.passwordMin} characters.`)
  .max(LIMITS.password, "That password is too long.")
  // Only for a password long enough: one message per problem. No rule here aborts, so the form's
  // other rules (the confirmation must match) still run and every problem shows at once.
  .refine(
    (value) => value.length < LIMITS.passwordMin || value.trim().length >= LIMITS.passwordMin,
    `Use at least ${LIMITS.passwordMin} characters that are not spaces.`,
  );

/** The sign-in form; used by the form (client messages) and by the credentials provider. */
export const signInSchema = z.object({
  email: adminEmailSchema,
  password: z.string().min(1, "Enter your password.").max(LIMITS.password, "That password is too long."),
});

export type SignInInput = z.input<typeof signInSchema>;

/**
 * The post-sign-in destination: only the path of what was asked for is kept, so a callback URL on
 * another host can never send the admin off-site (no open redirect).
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value === "") return "/";
  let url: URL;
  try {
    url = new URL(value, "http://portal.invalid");
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}`;
  if (!path.startsWith("/") || path.startsWith("//") || url.pathname.startsWith("/sign-in")) return "/";
  return path;
}
