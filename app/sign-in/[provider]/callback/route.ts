import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { signIn } from "@/lib/auth/auth";
import { issueLoginGrant } from "@/lib/auth/login-grant";
import { portalOrigin } from "@/lib/http/origin";
import { callbackParameters, finishSignIn, type SignedInIdentity } from "@/lib/providers/sign-in/flow";
import { refuseSignIn } from "@/lib/providers/sign-in/respond";
import { SIGN_IN_STATE_COOKIE } from "@/lib/providers/sign-in/state";

export const dynamic = "force-dynamic";

/**
 * The redirect URI {PORTAL_URL}/signin-{provider_name} (rewritten here by next.config.ts): the
 * provider's answer by GET (response_mode query) or POST (form_post). Verified by lib/providers/sign-in;
 * the admin then gets the same Auth.js session cookie as with a password, through a one-time grant.
 */
async function callback(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  const origin = await portalOrigin();
  const jar = await cookies();
  const stateCookie = jar.get(SIGN_IN_STATE_COOKIE)?.value;
  jar.delete(SIGN_IN_STATE_COOKIE);

  let identity: SignedInIdentity;
  try {
    identity = await finishSignIn(provider, await callbackParameters(request), stateCookie);
  } catch (error) {
    return refuseSignIn(origin, provider, error);
  }
  const grant = issueLoginGrant(identity.adminId, `provider:${provider}`);
  // Sets the session cookie (through next/headers) without redirecting: the redirect below is a 303,
  // so a form_post callback continues with a GET.
  const result: unknown = await signIn("login-grant", { grant, redirect: false });
  if (typeof result === "string" && new URL(result, origin).searchParams.has("error")) {
    return refuseSignIn(origin, provider, new Error("the session could not be started"));
  }
  return NextResponse.redirect(new URL(identity.callbackPath, origin), 303);
}

export { callback as GET, callback as POST };
