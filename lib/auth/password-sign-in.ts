import "server-only";
import { prisma } from "@/lib/db/prisma";
import { recordFailedSignIn } from "./admin-session";
import { dummyPasswordHash, verifyPassword } from "./password";
import { limiterFor } from "./rate-limit";

const perEmail = limiterFor("RATE_LIMIT_SIGN_IN_PER_EMAIL");
const perAddress = limiterFor("RATE_LIMIT_SIGN_IN_PER_ADDRESS");

/**
 * The first step of a password sign-in: the admin whose password this is, or why not (audited,
 * never the password). Rate limited per email and per address. The sign-in is not complete here:
 * lib/mfa/sign-in.ts asks for the second factor when the admin has one or must enrol.
 */
export async function checkPassword(email: string, password: string, address: string): Promise<{ adminId: string } | { refused: "rate_limited" | "wrong" }> {
  const byEmail = perEmail.consume(email);
  const byAddress = perAddress.consume(address);
  if (!byEmail.allowed || !byAddress.allowed) {
    await recordFailedSignIn(email, null, "rate_limited");
    return { refused: "rate_limited" };
  }
  const admin = await prisma.adminUser.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } });
  // Verify against a dummy hash for unknown emails (and invited admins without a password yet): the
  // same work, so timing tells nothing.
  const ok = await verifyPassword(admin?.passwordHash ?? (await dummyPasswordHash()), password);
  const failure = !admin ? "unknown_email" : !admin.passwordHash ? "no_password" : !ok ? "wrong_password" : admin.disabledAt ? "disabled" : null;
  if (failure || !admin) {
    await recordFailedSignIn(email, admin?.id ?? null, failure ?? "unknown_email");
    return { refused: "wrong" };
  }
  perEmail.reset(email);
  return { adminId: admin.id };
}
