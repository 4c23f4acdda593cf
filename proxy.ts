import { NextResponse, type NextRequest } from "next/server";
import { isPublicSignInPath } from "@/lib/auth/auth.config";
import { readSessionCookie } from "@/lib/auth/session-cookie";
import { contentSecurityPolicy, hasOwnPolicy, newNonce, REQUEST_PATH_HEADER } from "@/lib/http/content-security-policy";

// Every page requires a session cookie; the sign-in page and Auth.js's own routes are open. Pages
// and actions check that the session is still live on the server (lib/auth/session.ts). The cookie is
// decrypted once here (lib/auth/session-cookie.ts), not through Auth.js's auth(), which would also
// mint and set a new cookie on every response (docs/decisions/016). Each response gets a
// Content-Security-Policy with a fresh script nonce (lib/http/content-security-policy.ts; not in
// development, where React's tooling needs eval).
export default async function proxy(request: NextRequest) {
  const { pathname, search, href } = request.nextUrl;
  if (!isPublicSignInPath(pathname) && !(await readSessionCookie(request.cookies.getAll()))) {
    const signIn = new URL("/sign-in", request.nextUrl);
    signIn.searchParams.set("callbackUrl", href);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(request.headers);
  // Replaces whatever a client sent under this name.
  headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  if (process.env.NODE_ENV !== "production" || hasOwnPolicy(pathname)) return NextResponse.next({ request: { headers } });
  const policy = contentSecurityPolicy(newNonce());
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Public endpoints that authenticate their callers themselves are left out: OAuth (/oauth/*),
  // metadata (/.well-known/*) and the bearer-token admin API (/api/v0/*); so are the health checks
  // (/healthz, /readyz) a load balancer calls.
  matcher: ["/((?!api/auth|api/v0/|oauth/|\\.well-known/|healthz$|readyz$|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
