import type { Prisma } from "@/lib/generated/prisma/client";

/** An Owner who can act: not disabled, and has signed in or chosen a password (not a pending invitation). */
export const ACTIVE_OWNER: Prisma.AdminUserWhereInput = {
  role: "Owner",
  disabledAt: null,
  OR: [{ passwordHash: { not: null } }, { lastSignInAt: { not: null } }],
};

/** What the /admins table says about an account. */
export type AdminStatus = "active" | "disabled" | "invited" | "invitation expired";

type Input = {
  disabledAt: Date | null;
  hasPassword: boolean;
  lastSignInAt: Date | null;
  /** The admin's open invitation link (not used, not revoked), if any. */
  openInvitation: { expiresAt: Date } | null;
};

/**
 * Disabled wins; an admin who has neither a password nor ever signed in has not accepted their
 * invitation: "invited" while its link works, else "invitation expired" (expired or revoked —
 * either way an Owner sends a new one). Everyone else is active.
 */
export function adminStatus(admin: Input, now = new Date()): AdminStatus {
  if (admin.disabledAt) return "disabled";
  if (admin.hasPassword || admin.lastSignInAt) return "active";
  return admin.openInvitation && admin.openInvitation.expiresAt.getTime() > now.getTime() ? "invited" : "invitation expired";
}

/** "password", or the identity provider's name, for the last sign-in's method. */
export function signInMethodLabel(method: string | null): string | null {
  if (!method) return null;
  return method.startsWith("provider:") ? method.slice("provider:".length) : method;
}
