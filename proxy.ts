import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/auth.config";

// Every page requires a session; the sign-in page and Auth.js's own routes are open.
// Pages and actions check the session again on the server (lib/auth/session.ts).
export default NextAuth(authConfig).auth;

export const config = {
  // Public endpoints that authenticate their callers themselves are left out: OAuth (/oauth/*),
  // metadata (/.well-known/*) and the bearer-token admin API (/api/v0/*); so are the health checks
  // (/healthz, /readyz) a load balancer calls.
  matcher: ["/((?!api/auth|api/v0/|oauth/|\\.well-known/|healthz$|readyz$|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
