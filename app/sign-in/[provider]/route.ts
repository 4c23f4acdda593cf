import { NextResponse } from "next/server";
import { limiterFor } from "@/lib/auth/rate-limit";
import { safeCallbackPath } from "@/lib/auth/schema";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { portalOrigin } from "@/lib/http/origin";
import { beginSignIn, SignInRefusal } from "@/lib/providers/sign-in/flow";
import { formPostPage } from "@/lib/providers/sign-in/form-post";
import { refuseSignIn } from "@/lib/providers/sign-in/respond";
import { END_USER_SIGN_IN_STATE_COOKIE, SIGN_IN_STATE_COOKIE, stateCookieOptions } from "@/lib/providers/sign-in/state";

export const dynamic = "force-dynamic";

// Each start writes a state row and fetches the provider's metadata: counted like password sign-ins.
const perAddress = limiterFor("RATE_LIMIT_SIGN_IN_PER_ADDRESS");

/**
 * Starts a sign-in through an enabled identity provider: the Passive provider's button and the Active
 * provider's automatic redirect both land here. Open to anyone (the proxy lets /sign-in/* through).
 */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  const origin = await portalOrigin();
  const callbackPath = safeCallbackPath(new URL(request.url).searchParams.get("callbackUrl"));
  let start: Awaited<ReturnType<typeof beginSignIn>>;
  try {
    if (!perAddress.consume(request.headers.get(CLIENT_ADDRESS_HEADER) || "unknown").allowed) {
      throw new SignInRefusal("rate_limited", "too many sign-in attempts from this address");
    }
    start = await beginSignIn(provider, { origin, callbackPath });
  } catch (error) {
    return refuseSignIn(origin, provider, error);
  }

  let response: NextResponse;
  if (start.authorization.method === "GET") {
    response = NextResponse.redirect(start.authorization.url, 302);
  } else {
    const page = formPostPage(start.authorization.action, start.authorization.fields);
    response = new NextResponse(page.html, {
      headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": page.contentSecurityPolicy, "cache-control": "no-store" },
    });
  }
  response.cookies.set(SIGN_IN_STATE_COOKIE, start.cookie, stateCookieOptions(origin));
  // One sign-in through a provider at a time per browser: the callback tells an end user's from an
  // admin's by which state cookie is there (lib/end-users/sign-in.ts).
  response.cookies.delete(END_USER_SIGN_IN_STATE_COOKIE);
  response.headers.set("cache-control", "no-store");
  return response;
}
