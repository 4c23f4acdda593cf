import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js configuration that needs no database: used by proxy.ts to guard every
 * page. Providers live in auth.ts.
 */
export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  // Self-hosted: the portal is reached on whatever host the admin gives it.
  trustHost: true,
  callbacks: {
    authorized({ auth, request: { nextUrl } }) {
      const signedIn = Boolean(auth?.user);
      if (nextUrl.pathname === "/sign-in") {
        return signedIn ? Response.redirect(new URL("/", nextUrl)) : true;
      }
      return signedIn; // false: Auth.js redirects to /sign-in?callbackUrl=…
    },
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  providers: [],
} satisfies NextAuthConfig;
