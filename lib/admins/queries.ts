import "server-only";
import { prisma } from "@/lib/db/prisma";
import { ACTIVE_OWNER } from "./service";
import { adminStatus } from "./status";

/** An admin's linked identity-provider accounts, oldest first. */
const IDENTITY_SELECT = {
  select: { id: true, providerName: true, issuer: true, subject: true, createdAt: true, lastUsedAt: true },
  orderBy: { createdAt: "asc" },
} as const;

/** Every admin for /admins, by name, with their scope of responsibility, status and open link. */
export async function listAdmins(now = new Date()) {
  const admins = await prisma.adminUser.findMany({
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      version: true,
      profileId: true,
      profileContextId: true,
      disabledAt: true,
      lastSignInAt: true,
      lastSignInMethod: true,
      // Read only to say whether there is one; never leaves this function.
      passwordHash: true,
      profile: { select: { displayName: true } },
      profileContext: { select: { category: true, d0: true } },
      tokens: { where: { usedAt: null, revokedAt: null }, select: { kind: true, expiresAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
      identities: IDENTITY_SELECT,
      _count: { select: { factors: { where: { confirmedAt: { not: null } } } } },
    },
  });
  return admins.map(({ passwordHash, tokens, _count, ...admin }) => {
    const openLink = tokens[0] ?? null;
    const openInvitation = openLink?.kind === "invitation" ? openLink : null;
    return {
      ...admin,
      hasPassword: passwordHash !== null,
      /** Confirmed second factors (lib/mfa). */
      factors: _count.factors,
      openLink: openLink && openLink.expiresAt > now ? openLink : null,
      status: adminStatus({ ...admin, hasPassword: passwordHash !== null, openInvitation }, now),
    };
  });
}

export type AdminRow = Awaited<ReturnType<typeof listAdmins>>[number];

/** The active Owners' count: the page disables what the last-Owner rule would refuse (the service checks again). */
export function countActiveOwners() {
  return prisma.adminUser.count({ where: ACTIVE_OWNER });
}

/** The signed-in admin's own account for /account. */
export async function accountOf(adminId: string) {
  const admin = await prisma.adminUser.findUniqueOrThrow({
    where: { id: adminId },
    select: {
      name: true,
      email: true,
      role: true,
      lastSignInAt: true,
      lastSignInMethod: true,
      passwordHash: true,
      profile: { select: { displayName: true } },
      profileContext: { select: { id: true, category: true, d0: true } },
      identities: IDENTITY_SELECT,
    },
  });
  const { passwordHash, ...rest } = admin;
  return { ...rest, hasPassword: passwordHash !== null };
}
