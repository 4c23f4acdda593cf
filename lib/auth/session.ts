import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { REQUEST_PATH_HEADER } from "@/lib/http/content-security-policy";
import { prisma } from "@/lib/db/prisma";
import { auth } from "./auth";
import { can, roleOf, type Permission, type Principal, type Reach, type Role } from "./permissions";
import { reachOf } from "./reach";

export type CurrentAdmin = { id: string; email: string; name: string; sessionId: string; role: Role; reach: Reach };

/**
 * The signed-in admin with their role and reach: the session cookie must name a live AdminSession
 * row (not signed out, not expired) of an admin that still exists and is not disabled. A cookie
 * alone is not enough, so signing out, disabling or deleting an admin or revoking a session takes
 * effect at once. Null when nobody is signed in. Cached per request.
 */
export const currentAdmin = cache(async (): Promise<CurrentAdmin | null> => {
  const session = await auth();
  const sessionId = session?.sessionId;
  if (!sessionId || !session.user?.id) return null;
  const row = await prisma.adminSession.findFirst({
    where: { id: sessionId, adminId: session.user.id, revokedAt: null, expiresAt: { gt: new Date() }, admin: { disabledAt: null } },
    select: { admin: { select: { id: true, email: true, name: true, role: true, profileId: true, profileContextId: true } } },
  });
  if (!row) return null;
  const { role, profileId, profileContextId, ...admin } = row.admin;
  return { ...admin, sessionId, role: roleOf(role), reach: reachOf({ profileId, profileContextId }) };
});

/**
 * For pages: the signed-in admin, or a redirect to the sign-in page that comes back here afterwards
 * (the page's path from proxy.ts; the sign-in page checks it with safeCallbackPath).
 */
export async function requireAdmin(): Promise<CurrentAdmin> {
  const admin = await currentAdmin();
  if (!admin) {
    const path = (await headers()).get(REQUEST_PATH_HEADER);
    redirect(path ? `/sign-in?callbackUrl=${encodeURIComponent(path)}` : "/sign-in");
  }
  return admin;
}

/** For pages: the signed-in admin when their role and reach allow `permission`; else the 403 page. */
export async function requirePermission(permission: Permission): Promise<CurrentAdmin> {
  const admin = await requireAdmin();
  if (!can(admin, permission)) forbidden();
  return admin;
}

export type { Principal };

/** Ends a session on the server; its cookie is worthless from now on. */
export async function revokeAdminSession(sessionId: string): Promise<void> {
  await prisma.adminSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}
