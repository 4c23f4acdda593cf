import "server-only";
import { changeEpochCache } from "@/lib/db/change-epoch";
import { prisma } from "@/lib/db/prisma";

type ProfileOption = { id: string; identifier: string; displayName: string; requireApproval: boolean };

// Every clients page shows the profile picker: answered from memory until the database changes
// (see changeEpochCache for the rule).
const optionsCache = changeEpochCache<ProfileOption[]>("profileOptions", 1);

/** Profiles for a picker, by display name, and whether their clients' changes need a second person (docs/decisions/030). */
export function listProfileOptions(): Promise<ProfileOption[]> {
  return optionsCache("profiles", () =>
    prisma.profile.findMany({
      select: { id: true, identifier: true, displayName: true, requireApproval: true },
      orderBy: { displayName: "asc" },
    }),
  );
}

type ProfileContextOption = { id: number; category: string; d0: string };
const contextOptionsCache = changeEpochCache<ProfileContextOption[]>("profileContextOptions", 1);

/** Profile contexts for a picker, by Id (descending: -2, -3, …); from memory like the profiles (the clients list shows them). */
export function listProfileContextOptions(): Promise<ProfileContextOption[]> {
  return contextOptionsCache("contexts", () =>
    prisma.profileContext.findMany({
      select: { id: true, category: true, d0: true },
      orderBy: { id: "desc" },
    }),
  );
}

/** Profiles for the profiles page, by identifier, each with how many clients use it. */
export async function listProfilesWithUsage() {
  const profiles = await prisma.profile.findMany({
    select: {
      id: true,
      identifier: true,
      displayName: true,
      description: true,
      secretMaxDays: true,
      requireApproval: true,
      _count: { select: { clients: true } },
    },
    orderBy: { identifier: "asc" },
  });
  return profiles.map(({ _count, ...profile }) => ({ ...profile, clientCount: _count.clients }));
}

/** Profile contexts for the profiles page, by Id (-2, -3, …), each with how many clients use it. */
export async function listProfileContextsWithUsage() {
  const contexts = await prisma.profileContext.findMany({
    select: { id: true, category: true, d0: true, description: true, _count: { select: { clients: true } } },
    orderBy: { id: "desc" },
  });
  return contexts.map(({ _count, ...context }) => ({ ...context, clientCount: _count.clients }));
}

export type ProfileRow = Awaited<ReturnType<typeof listProfilesWithUsage>>[number];
export type ProfileContextRow = Awaited<ReturnType<typeof listProfileContextsWithUsage>>[number];
