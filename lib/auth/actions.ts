"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { signedOutDestination } from "@/lib/providers/sign-in/flow";
import { signIn, signOut } from "./auth";
import { safeCallbackPath, signInSchema } from "./schema";
import { declare } from "@/lib/actions/registry";
import { recordSignOut } from "./admin-session";
import { currentAdmin, revokeAdminSession } from "./session";

export type SignInState = { message?: string; fieldErrors?: Partial<Record<"email" | "password", string[]>> };

/** Signs an admin in; on failure returns one message that does not say which part was wrong. */
export async function authenticate(_prev: SignInState | undefined, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      if (error.type === "CredentialsSignin" && (error as { code?: string }).code === "rate_limited") {
        return { message: "Too many sign-in attempts. Wait 15 minutes and try again." };
      }
      if (error.type === "CredentialsSignin") return { message: "Email or password is incorrect." };
      return { message: "Sign-in failed. Try again." };
    }
    throw error; // the redirect after a successful sign-in
  }
}

/**
 * Revokes the session on the server, then clears the cookie. An admin who signed in through an
 * identity provider lands on its signed_out_redirect_uri (through its logout when it has one).
 */
export async function signOutAction(): Promise<void> {
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
}

// Sign-in and sign-out come before (or end) a session: nothing to authorize. Declared so that the
// authorization matrix (lib/auth/authorization-matrix.test.ts) knows they are public on purpose.
declare(authenticate, { kind: "action", permission: "public" });
declare(signOutAction, { kind: "action", permission: "public" });
