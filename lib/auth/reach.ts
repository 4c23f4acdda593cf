import type { Prisma } from "@/lib/generated/prisma/client";
import type { Reach } from "./permissions";

export type { Reach } from "./permissions";

export const ALL: Reach = { kind: "all" };

/**
 * The one function that decides a scope of responsibility, for admins (AdminUser) and API clients
 * (Client) alike: bound to a profile context → that context's clients only, with that profile;
 * otherwise everything (what the role allows).
 */
export function reachOf(binding: { profileId: string | null; profileContextId: number | null }): Reach {
  if (binding.profileContextId !== null && binding.profileId !== null) {
    return { kind: "context", profileId: binding.profileId, profileContextId: binding.profileContextId };
  }
  return ALL;
}

/** The clients within reach, ANDed into every read and write (another context's client is not found). */
export function clientsWithin(reach: Reach, where: Prisma.ClientWhereInput = {}): Prisma.ClientWhereInput {
  return reach.kind === "all" ? where : { AND: [where, { profileContextId: reach.profileContextId }] };
}
