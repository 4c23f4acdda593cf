import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { portalOrigin } from "@/lib/http/origin";
import { continueSignIn } from "@/lib/mfa/sign-in";
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
  // Sets the session cookie (or the second step's challenge cookie) through next/headers without
  // redirecting: the redirect below is a 303, so a form_post callback continues with a GET.
  const next = await continueSignIn(identity.adminId, `provider:${provider}`, identity.callbackPath, { providerMultiFactor: identity.multiFactor });
  if (!next) return refuseSignIn(origin, provider, new Error("the session could not be started"));
  return NextResponse.redirect(new URL(next, origin), 303);
}

export { callback as GET, callback as POST };
