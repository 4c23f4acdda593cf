import "server-only";
import { prisma } from "@/lib/db/prisma";
import { SESSION_MAX_AGE_SECONDS } from "./auth.config";

/** How an admin signed in: the password form, or an identity provider (by provider_name). */
export type SignInMethod = "password" | `provider:${string}`;

/**
 * Every sign-in (password or identity provider) opens a server-side session row; signing out,
 * disabling or deleting the admin revokes it. Records when and how the admin last signed in.
 */
export async function startAdminSession(adminId: string, method: SignInMethod) {
  const now = new Date();
  const [session] = await prisma.$transaction([
    prisma.adminSession.create({
      data: { adminId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
      select: { id: true },
    }),
    prisma.adminUser.update({ where: { id: adminId }, data: { lastSignInAt: now, lastSignInMethod: method }, select: { id: true } }),
  ]);
  return session;
}
