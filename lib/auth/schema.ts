import { z } from "zod";

/** The sign-in form; used by the form (client messages) and by the credentials provider. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
});

export type SignInInput = z.input<typeof signInSchema>;

/** Only same-site relative paths may be used as a post-sign-in destination (no open redirects). */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/sign-in")) return "/";
  return value;
}
