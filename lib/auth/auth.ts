import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { prisma } from "@/lib/db/prisma";
import { startAdminSession } from "./admin-session";
import { authConfig } from "./auth.config";
import { redeemLoginGrant } from "./login-grant";
import { currentRequestId, errorFields, logEvent } from "@/lib/log";

export const { auth, signIn, signOut, handlers } = NextAuth({
  ...authConfig,
  logger: {
    // A wrong password is an expected outcome, not an error worth a stack trace in the log.
    async error(error) {
      // `type` is Auth.js's own error code (class names do not survive minification).
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin") return;
      logEvent("error", "auth error", { requestId: await currentRequestId(), ...errorFields(error), error: type ?? error.name });
    },
  },
  providers: [
    // The one way in: a sign-in verified on the server (password and second factor, an identity
    // provider's callback, an invitation link; lib/mfa/sign-in.ts) becomes the session cookie through
    // a one-time server-side grant (lib/auth/login-grant.ts). There is no password provider: its
    // public endpoint would sign an admin in on the password alone, past the second factor.
    Credentials({
      id: "login-grant",
      credentials: { grant: {} },
      async authorize(credentials) {
        const grant = redeemLoginGrant(credentials?.grant);
        if (!grant) return null;
        const admin = await prisma.adminUser.findUnique({ where: { id: grant.adminId }, select: { id: true, email: true, name: true, disabledAt: true } });
        if (!admin || admin.disabledAt !== null) return null;
        const session = await startAdminSession(admin.id, grant.method, grant.secondFactor);
        if (!session) return null;
        return { id: admin.id, email: admin.email, name: admin.name, sessionId: session.id };
      },
    }),
  ],
});
