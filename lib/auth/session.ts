import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/prisma";
import { auth } from "./auth";

export type CurrentAdmin = { id: string; email: string; name: string; sessionId: string };

/**
 * The signed-in admin: the session cookie must name a live AdminSession row (not signed out, not
 * expired) of an admin that still exists. A cookie alone is not enough, so signing out, deleting
 * an admin or revoking a session takes effect at once. Null when nobody is signed in. Cached per
 * request.
 */
export const currentAdmin = cache(async (): Promise<CurrentAdmin | null> => {
  const session = await auth();
  const sessionId = session?.sessionId;
  if (!sessionId || !session.user?.id) return null;
  const row = await prisma.adminSession.findFirst({
    where: { id: sessionId, adminId: session.user.id, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { admin: { select: { id: true, email: true, name: true } } },
  });
  return row ? { ...row.admin, sessionId } : null;
});

/** For pages: the signed-in admin, or a redirect to the sign-in page. */
export async function requireAdmin(): Promise<CurrentAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect("/sign-in");
  return admin;
}

/** Ends a session on the server; its cookie is worthless from now on. */
export async function revokeAdminSession(sessionId: string): Promise<void> {
  await prisma.adminSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}
