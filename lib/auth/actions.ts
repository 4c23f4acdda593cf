"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { signedOutDestination } from "@/lib/providers/sign-in/flow";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { continueSignIn } from "@/lib/mfa/sign-in";
import { signOut } from "./auth";
import { checkPassword } from "./password-sign-in";
import { safeCallbackPath, signInSchema } from "./schema";
import { publicAction } from "@/lib/actions/public-action";
import { recordSignOut } from "./admin-session";
import { currentAdmin, revokeAdminSession } from "./session";

export type SignInState = { message?: string; fieldErrors?: Partial<Record<"email" | "password", string[]>> };

/**
 * The password step of a sign-in; on failure returns one message that does not say which part was
 * wrong. On success the admin is signed in, or sent to the second step (/mfa) when they have a
 * factor or must enrol one (lib/mfa/sign-in.ts).
 */
export const authenticate = publicAction("the password", async function authenticate(_prev: SignInState | undefined, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER) || "unknown";
  const checked = await checkPassword(parsed.data.email, parsed.data.password, address);
  if ("refused" in checked) {
    return { message: checked.refused === "rate_limited" ? "Too many sign-in attempts. Wait 15 minutes and try again." : "Email or password is incorrect." };
  }
  const next = await continueSignIn(checked.adminId, "password", safeCallbackPath(formData.get("callbackUrl")));
  if (!next) return { message: "Sign-in failed. Try again." };
  redirect(next);
});

/**
 * Revokes the session on the server, then clears the cookie. An admin who signed in through an
 * identity provider lands on its signed_out_redirect_uri (through its logout when it has one).
 */
export const signOutAction = publicAction("none: it ends the caller's own session", async function signOutAction(): Promise<void> {
  const admin = await currentAdmin();
  let destination: string | null = null;
  if (admin) {
    const account = await prisma.adminUser.findUnique({ where: { id: admin.id }, select: { lastSignInMethod: true } });
    destination = await signedOutDestination(account?.lastSignInMethod ?? null);
    await revokeAdminSession(admin.sessionId);
    await recordSignOut(admin);
  }
  if (destination) {
    await signOut({ redirect: false });
    redirect(destination);
  }
  // signed_out: the sign-in page does not send the visitor straight back to an Active provider.
  await signOut({ redirectTo: "/sign-in?signed_out=1" });
});
