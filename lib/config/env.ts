import { z } from "zod";
import { adminEmailSchema, newPasswordSchema } from "@/lib/auth/schema";
import { MFA_LEVELS } from "@/lib/mfa/requirement";

/** Settings read from the environment. Every variable is optional: the defaults run the portal locally. */
export const envSchema = z.object({
  DATABASE_URL: z.string().trim().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  ADMIN_EMAIL: adminEmailSchema.optional(),
  /** The first admin's password: the same strength rules as every password an admin chooses. */
  ADMIN_PASSWORD: newPasswordSchema.optional(),
  ADMIN_NAME: z.string().trim().min(1).max(100).optional(),
  /** Who must sign in with a second factor (lib/mfa/requirement.ts): a typo stops the start, never turns MFA off. */
  MFA_REQUIRED_FOR: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(MFA_LEVELS, { message: "MFA_REQUIRED_FOR must be owners, all or none" }))
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; throws one error listing every invalid variable. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  // Treat empty strings like unset: `FOO= npm start` should mean "use the default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
