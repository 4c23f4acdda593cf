import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/auth.config";

// Every page requires a session; the sign-in page and Auth.js's own routes are open.
// Pages and actions check the session again on the server (lib/auth/session.ts).
export default NextAuth(authConfig).auth;

export const config = {
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
