import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { normalizeEmail } from "@/lib/validation/email";
import { hashPassword } from "./password";

export type FirstAdminResult = { created: false } | { created: true; email: string; generatedPassword?: string };

export const DEFAULT_ADMIN_EMAIL = "admin@localhost";

/**
 * Creates the first admin when none exists: from ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated
 * password that the caller prints once. Does nothing when any admin exists.
 */
export async function ensureFirstAdmin(db: Db, opts: { email?: string; password?: string; name?: string }): Promise<FirstAdminResult> {
  if ((await db.adminUser.count()) > 0) return { created: false };
  const email = normalizeEmail(opts.email ?? DEFAULT_ADMIN_EMAIL);
  const generatedPassword = opts.password ? undefined : randomBytes(18).toString("base64url");
  const password = opts.password ?? generatedPassword!;
  await db.adminUser.create({
    data: { email, name: opts.name ?? "Administrator", role: "Owner", passwordHash: await hashPassword(password) },
  });
  return { created: true, email, ...(generatedPassword ? { generatedPassword } : {}) };
}
