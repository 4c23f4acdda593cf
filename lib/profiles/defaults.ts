import type { Db } from "@/lib/db/client";

/** The profile a fresh installation starts with, so the first client has a profile to choose. */
export const DEFAULT_PROFILE = { identifier: "Administrator", displayName: "Administrator", description: "May do everything" } as const;

/**
 * Creates the Administrator profile when no profile exists at all. Does nothing once any profile
 * exists (even when Administrator was renamed or deleted: the admins decided that).
 */
export async function ensureDefaultProfiles(db: Db): Promise<{ created: boolean }> {
  if ((await db.profile.count()) > 0) return { created: false };
  await db.profile.create({ data: { ...DEFAULT_PROFILE } });
  return { created: true };
}
