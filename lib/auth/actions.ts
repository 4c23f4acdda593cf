"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "./auth";
import { safeCallbackPath, signInSchema } from "./schema";
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

/** Revokes the session on the server, then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const admin = await currentAdmin();
  if (admin) await revokeAdminSession(admin.sessionId);
  await signOut({ redirectTo: "/sign-in" });
}
