import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/prisma";
import { containsText } from "@/lib/db/text";
import { secretView } from "@/lib/secrets/service";
import type { ClientListQuery } from "./list-query";
import { clientStatusWhere } from "./status";
import { clientsWithin, type Reach } from "@/lib/auth/reach";

export function clientListWhere(query: ClientListQuery, now = new Date()): Prisma.ClientWhereInput {
  const and: Prisma.ClientWhereInput[] = [clientStatusWhere(query.status, now)];
  if (query.q) and.push({ OR: [{ clientId: containsText(query.q) }, { displayName: containsText(query.q) }] });
  if (query.profile) and.push({ profileId: query.profile });
  return { AND: and };
}

/** One page of clients, filtered, sorted and counted in the database. */
export async function listClients(query: ClientListQuery, reach: Reach) {
  const where = clientsWithin(reach, clientListWhere(query));
  const total = await prisma.client.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / query.size));
  const page = Math.min(query.page, pageCount);
  const rows = await prisma.client.findMany({
    where,
    // A unique tie-breaker keeps pages stable when sort values repeat.
    orderBy: [{ [query.sort]: query.dir }, { id: "asc" }],
    skip: (page - 1) * query.size,
    take: query.size,
    select: {
      id: true,
      clientId: true,
      displayName: true,
      flow: true,
      enabled: true,
      expiresAt: true,
      createdAt: true,
      updatedAt: true,
      profile: { select: { displayName: true } },
      profileContextId: true,
    },
  });
  return { rows, total, page, pageCount };
}

/** Everything the client page shows: the client, its profile and its secrets (never their hashes). */
export function getClient(id: string, reach: Reach) {
  return prisma.client.findFirst({
    where: clientsWithin(reach, { id }),
    include: {
      profile: { select: { id: true, identifier: true, displayName: true } },
      profileContext: { select: { id: true, category: true, d0: true } },
      secrets: { select: secretView, orderBy: { createdAt: "desc" } },
      scopes: { select: { scopeId: true, scope: { select: { name: true } } } },
    },
  });
}

export type ClientDetails = NonNullable<Awaited<ReturnType<typeof getClient>>>;
