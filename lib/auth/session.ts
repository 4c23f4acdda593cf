import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { REQUEST_PATH_HEADER } from "@/lib/http/content-security-policy";
import { changeEpochCache } from "@/lib/db/change-epoch";
import { prisma } from "@/lib/db/prisma";
import { readSessionCookie } from "./session-cookie";
import { can, roleOf, type Permission, type Principal, type Reach, type Role } from "./permissions";
import { reachOf } from "./reach";

export type CurrentAdmin = { id: string; email: string; name: string; sessionId: string; role: Role; reach: Reach };

type LiveSession = {
  expiresAt: Date;
  admin: { id: string; email: string; name: string; role: string; profileId: string | null; profileContextId: number | null };
};

// The session row and its admin, per session: kept only while the database's change epoch holds
// (lib/db/change-epoch.ts): a sign-out, a disabled admin or a role change is seen at the next request
// of this instance, and of the others on SQLite; within 1 s on other PostgreSQL instances. Expiry is
// checked against the clock on every call, not cached.
const liveSessions = changeEpochCache<LiveSession | null>("liveSessions", 1000);

function liveSession(sessionId: string, adminId: string): Promise<LiveSession | null> {
  return liveSessions(`${sessionId} ${adminId}`, () =>
    prisma.adminSession.findFirst({
      where: { id: sessionId, adminId, revokedAt: null, admin: { disabledAt: null } },
      select: { expiresAt: true, admin: { select: { id: true, email: true, name: true, role: true, profileId: true, profileContextId: true } } },
    }),
  );
}

/**
 * The signed-in admin with their role and reach: the session cookie must name a live AdminSession
 * row (not signed out, not expired) of an admin that still exists and is not disabled. A cookie
 * alone is not enough, so signing out, disabling or deleting an admin or revoking a session takes
 * effect at once. Null when nobody is signed in. Cached per request.
 */
export const currentAdmin = cache(async (): Promise<CurrentAdmin | null> => {
  const claims = await readSessionCookie((await cookies()).getAll());
  if (!claims) return null;
  const row = await liveSession(claims.sessionId, claims.adminId);
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  const { role, profileId, profileContextId, ...admin } = row.admin;
  return { ...admin, sessionId: claims.sessionId, role: roleOf(role), reach: reachOf({ profileId, profileContextId }) };
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
