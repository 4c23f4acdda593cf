import "server-only";
import { prisma } from "@/lib/db/prisma";

/** Profiles for a picker, by display name. */
export function listProfileOptions() {
  return prisma.profile.findMany({
    select: { id: true, identifier: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
}

/** Profile contexts for a picker, by Id (descending: -2, -3, …). */
export function listProfileContextOptions() {
  return prisma.profileContext.findMany({
    select: { id: true, category: true, d0: true },
    orderBy: { id: "desc" },
  });
}
