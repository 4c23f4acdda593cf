import "server-only";
import { cookies } from "next/headers";
import type { SecondFactor, SignInMethod } from "@/lib/auth/admin-session";
import { signIn } from "@/lib/auth/auth";
import { issueLoginGrant } from "@/lib/auth/login-grant";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { portalOrigin } from "@/lib/http/origin";
import { CHALLENGE_COOKIE, CHALLENGE_TTL_SECONDS, openChallenge, readChallenge, type Challenge } from "./pending";
import { secondStepOf } from "./service";

// Every sign-in's first step (password, identity provider, invitation or reset link) ends here: the
// admin is signed in at once, or — when they have a factor or must enrol one — given a 5-minute
// challenge and sent to /mfa. The session itself is always started by Auth.js's login-grant
// provider, the only writer of session cookies (ADR 009).

/** Where the second step happens. */
export const SECOND_STEP_PATH = "/mfa";

/** Starts the admin's session through a one-time grant; false when it could not start (disabled meanwhile). */
export async function startSession(adminId: string, method: SignInMethod, secondFactor?: SecondFactor): Promise<boolean> {
  const grant = issueLoginGrant(adminId, method, secondFactor);
  const result: unknown = await signIn("login-grant", { grant, redirect: false });
  return !(typeof result === "string" && new URL(result, "http://portal.invalid").searchParams.has("error"));
}

/**
 * After the first step: signs the admin in and returns `callbackPath`, or opens the second step and
 * returns its path. `providerMultiFactor`: the identity provider vouched for a multi-factor sign-in
 * (its amr claim, when the provider's setting trusts it). Null when the session could not start.
 */
export async function continueSignIn(
  adminId: string,
  method: SignInMethod,
  callbackPath: string,
  { providerMultiFactor = false } = {},
): Promise<string | null> {
  const { step } = await secondStepOf(prisma as unknown as Tx, adminId);
  if (step === "none" || providerMultiFactor) {
    return (await startSession(adminId, method, providerMultiFactor && step !== "none" ? "provider_amr" : undefined)) ? callbackPath : null;
  }
  const value = await openChallenge(adminId, method, callbackPath);
  const secure = (await portalOrigin()).startsWith("https:");
  (await cookies()).set(CHALLENGE_COOKIE, value, { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge: CHALLENGE_TTL_SECONDS });
  return SECOND_STEP_PATH;
}

/** The live challenge of this browser's sign-in, if any. */
export async function currentChallenge() {
  return readChallenge((await cookies()).get(CHALLENGE_COOKIE)?.value);
}

/** Ends the challenge's cookie (the row is deleted by consumeChallenge). */
export async function clearChallengeCookie(): Promise<void> {
  (await cookies()).delete(CHALLENGE_COOKIE);
}

export type { Challenge };
