import type { NextAuthConfig } from "next-auth";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * The pages open without a session: the sign-in page, the start of a sign-in through an identity
 * provider (/sign-in/{provider_name}) and its callback (/signin-{provider_name}), and the page of an
 * invitation or password-reset link (/invitation/{token}: the link is the credential), and the second
 * step of a sign-in (/mfa: its sealed challenge cookie is the credential).
 */
export function isPublicSignInPath(pathname: string): boolean {
  return (
    pathname === "/sign-in" || pathname === "/mfa" || pathname.startsWith("/sign-in/") || pathname.startsWith("/signin-") || pathname.startsWith("/invitation/")
  );
}

/**
 * The part of the Auth.js configuration that needs no database; providers live in auth.ts. Page
 * requests do not go through Auth.js: proxy.ts and lib/auth/session.ts read the cookie it mints
 * with lib/auth/session-cookie.ts (docs/decisions/016).
 */
export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Self-hosted: the portal is reached on whatever host the admin gives it.
  trustHost: true,
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
  providers: [],
} satisfies NextAuthConfig;
