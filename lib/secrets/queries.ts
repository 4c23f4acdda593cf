import "server-only";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { breaksPolicy, secretPolicyFor } from "./policy";

/**
 * The live client secrets within reach that break their profile's secret policy (breaksPolicy), newest
 * first. The rule compares two columns with the profile's maximum, which no portable query can say;
 * so the database narrows to the live secrets of the profiles that have a policy, and the one rule
 * decides in memory. Enforced at creation, they are the secrets older than a policy (or than a move
 * to a stricter profile). `db`: a transaction's client, for a read inside it (a bulk action's filter).
 */
export async function secretsBreakingPolicy(reach: Reach, now = new Date(), db: Tx = prisma as unknown as Tx) {
  const profiles = await db.profile.findMany({ where: { secretMaxDays: { not: null } }, select: { id: true, secretMaxDays: true } });
  if (profiles.length === 0) return [];
  const policies = new Map(profiles.map((p) => [p.id, secretPolicyFor(p)]));
  const secrets = await db.secret.findMany({
    where: {
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      client: { is: clientsWithin(reach, { profileId: { in: [...policies.keys()] } }) },
    },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      hint: true,
      description: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      client: { select: { id: true, clientId: true, profileId: true } },
    },
  });
  return secrets.flatMap(({ client, ...secret }) =>
    client && breaksPolicy(secret, policies.get(client.profileId)!, now) ? [{ ...secret, client, maxDays: policies.get(client.profileId)!.maxDays! }] : [],
  );
}
