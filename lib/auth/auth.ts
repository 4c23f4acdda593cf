import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { prisma } from "@/lib/db/prisma";
import { recordFailedSignIn, startAdminSession } from "./admin-session";
import { authConfig } from "./auth.config";
import { redeemLoginGrant } from "./login-grant";
import { dummyPasswordHash, verifyPassword } from "./password";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { limiterFor } from "./rate-limit";
import { signInSchema } from "./schema";
import { errorFields, logEvent } from "@/lib/log";

/** Thrown when sign-in attempts for an email or from an address exceed the limit. */
export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const perEmail = limiterFor("RATE_LIMIT_SIGN_IN_PER_EMAIL");
const perAddress = limiterFor("RATE_LIMIT_SIGN_IN_PER_ADDRESS");

/**
 * The caller's address, as the portal's server (scripts/server.mjs) worked it out from the socket and
 * TRUSTED_PROXIES; it replaces any value of that header a client sent.
 */
function clientAddress(request: Request | undefined): string {
  return request?.headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}

export const { auth, signIn, signOut, handlers } = NextAuth({
  ...authConfig,
  logger: {
    // A wrong password is an expected outcome, not an error worth a stack trace in the log.
    error(error) {
      // `type` is Auth.js's own error code (class names do not survive minification).
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin") return;
      logEvent("error", "auth error", { ...errorFields(error), error: type ?? error.name });
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;

        const byEmail = perEmail.consume(email);
        const byAddress = perAddress.consume(clientAddress(request));
        if (!byEmail.allowed || !byAddress.allowed) {
          await recordFailedSignIn(email, null, "rate_limited");
          throw new TooManyAttempts();
        }

        const admin = await prisma.adminUser.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true },
        });
        // Verify against a dummy hash for unknown emails (and invited admins without a password
        // yet): the same work, so timing tells nothing.
        const ok = await verifyPassword(admin?.passwordHash ?? (await dummyPasswordHash()), password);
        const failure = !admin ? "unknown_email" : !admin.passwordHash ? "no_password" : !ok ? "wrong_password" : admin.disabledAt ? "disabled" : null;
        if (failure || !admin) {
          await recordFailedSignIn(email, admin?.id ?? null, failure ?? "unknown_email");
          return null;
        }

        perEmail.reset(email);
        const session = await startAdminSession(admin.id, "password");
        if (!session) return null;
        return { id: admin.id, email: admin.email, name: admin.name, sessionId: session.id };
      },
    }),
    // A sign-in already verified by an identity provider's callback (lib/providers/sign-in), turned
    // into the same session cookie through a one-time server-side grant (lib/auth/login-grant.ts).
    Credentials({
      id: "login-grant",
      credentials: { grant: {} },
      async authorize(credentials) {
        const grant = redeemLoginGrant(credentials?.grant);
        if (!grant) return null;
        const admin = await prisma.adminUser.findUnique({ where: { id: grant.adminId }, select: { id: true, email: true, name: true, disabledAt: true } });
        if (!admin || admin.disabledAt !== null) return null;
        const session = await startAdminSession(admin.id, grant.method);
        if (!session) return null;
        return { id: admin.id, email: admin.email, name: admin.name, sessionId: session.id };
      },
    }),
  ],
});
