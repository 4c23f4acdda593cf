import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { changeEpochCache } from "@/lib/db/change-epoch";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { containsText } from "@/lib/db/text";
import { secretView } from "@/lib/secrets/service";
import { WEAK_SECRET_HASHES } from "@/lib/secrets/weak";
import { secretsBreakingPolicy } from "@/lib/secrets/queries";
import { attentionDays, type ClientListQuery, type ClientSort } from "./list-query";
import { hostFilterKey, personFilterKey } from "./lookups";
import { CLIENT_LIST_COLUMNS } from "./model";
import { clientStatusWhere } from "./status";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import { pageWindow } from "@/lib/validation/list-params";

/** A live secret: not revoked, not expired. */
const liveSecret = (now: Date): Prisma.SecretWhereInput => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/**
 * The list's filters as a where clause. `breakingPolicy`: the clients with a secret that breaks its
 * profile's policy (secretsBreakingPolicy), for the "breaks-policy" filter.
 */
export function clientListWhere(query: ClientListQuery, now = new Date(), breakingPolicy: string[] = []): Prisma.ClientWhereInput {
  const and: Prisma.ClientWhereInput[] = [clientStatusWhere(query.status, now)];
  if (query.q) and.push({ OR: [{ clientId: containsText(query.q) }, { displayName: containsText(query.q) }] });
  if (query.profile) and.push({ profileId: query.profile });
  if (query.context) and.push({ profileContextId: Number(query.context) });
  if (query.enabled) and.push({ enabled: query.enabled === "yes" });
  if (query.flow) and.push({ flow: query.flow });
  if (query.auth) and.push({ tokenEndpointAuthMethod: query.auth });
  // isConfidential's twin (./schema.ts): "none" is public, every other method confidential.
  if (query.type) and.push({ tokenEndpointAuthMethod: query.type === "public" ? "none" : { not: "none" } });
  if (query.scope) and.push({ scopes: { some: { scopeId: query.scope } } });
  if (query.owner) and.push({ lookups: { some: { kind: "person", value: personFilterKey(query.owner) } } });
  if (query.host) and.push({ lookups: { some: { kind: "redirectHost", value: hostFilterKey(query.host) ?? "" } } });
  const days = attentionDays(query.attention);
  if (days !== null) {
    const soon = { gt: now, lte: new Date(now.getTime() + days * 86_400_000) };
    and.push({ OR: [{ enabled: true, expiresAt: soon }, { secrets: { some: { revokedAt: null, expiresAt: soon } } }] });
  }
  if (query.attention === "breaks-policy") and.push({ id: { in: breakingPolicy } });
  if (query.unused === "never") {
    and.push({ lastTokenAt: null }, { secrets: { none: { lastUsedAt: { not: null } } } });
  } else if (query.unused) {
    // Unused for N days: older than that, and since then no secret authenticated and no token was issued.
    const since = new Date(now.getTime() - Number(query.unused) * 86_400_000);
    and.push(
      { createdAt: { lt: since } },
      { secrets: { none: { lastUsedAt: { gte: since } } } },
      { OR: [{ lastTokenAt: null }, { lastTokenAt: { lt: since } }] },
    );
  }
  return { AND: and };
}

/**
 * The order of a sort, ties broken by the internal id so pages stay stable. Status: active first
 * (never expiring, then by the latest expiry), expired next, disabled last, as in the rule
 * (./status.ts); descending turns it round.
 */
export function clientListOrder(sort: ClientSort, dir: "asc" | "desc"): Prisma.ClientOrderByWithRelationInput[] {
  const flip = (d: "asc" | "desc") => (dir === "asc" ? d : d === "asc" ? "desc" : "asc");
  const by: Prisma.ClientOrderByWithRelationInput[] =
    sort === "profile"
      ? [{ profile: { displayName: dir } }]
      : sort === "status"
        ? [{ enabled: flip("desc") }, { expiresAt: { sort: flip("desc"), nulls: dir === "asc" ? "first" : "last" } }]
        : [{ [sort]: dir }];
  return [...by, { id: "asc" }];
}

/** How long a page with an attention or usage filter holds: its answer moves with the clock. */
const CLOCK_FILTERED_PAGE_MS = 60_000;

// Listing 100,000 clients costs a count and, for searches, a scan of the table: the same page is
// answered from memory until the database changes (see changeEpochCache for the rule). A status
// filter also depends on the time (expired = past expiresAt): its page holds only until the next
// instant a client expires, which the same load reads (an indexed look-up). An "unused for N days"
// page holds a minute.
const listCache = changeEpochCache<ClientListPage>("clientList");

/** One page of clients, filtered, sorted and counted in the database. */
export function listClients(query: ClientListQuery, reach: Reach): Promise<ClientListPage> {
  // The key holds the caller's reach: admins of different scopes never share a cached page.
  return listCache(
    JSON.stringify({ query, reach }),
    () => loadClients(query, reach),
    (page) => page.validUntil,
  );
}

export type ClientListPage = Awaited<ReturnType<typeof loadClients>>;

/** The columns of a row of the list. */
const listSelect = (now: Date) =>
  ({
    // The settings the list shows are declared in the model (`list`); the rest is the record's own.
    ...CLIENT_LIST_COLUMNS,
    id: true,
    clientId: true,
    createdAt: true,
    updatedAt: true,
    profile: { select: { displayName: true, secretMaxDays: true } },
    profileContext: { select: { category: true, d0: true } },
    // What the attention column says (expiries, the policy) is decided at render time from these.
    secrets: { where: liveSecret(now), select: { createdAt: true, expiresAt: true, revokedAt: true } },
  }) satisfies Prisma.ClientSelect;

/**
 * A client order for a query on a side table: its own client id breaks ties (the client's `id` would
 * join the client table a second time, which PostgreSQL answers with a scan of it).
 */
const throughClient = (orderBy: Prisma.ClientOrderByWithRelationInput[]) =>
  orderBy.map((client) => (typeof client.id === "string" ? { clientInternalId: client.id } : { client }));

type Window = { where: Prisma.ClientWhereInput; orderBy: Prisma.ClientOrderByWithRelationInput[]; skip: number; take: number };

/**
 * How the list reads its clients. A filter held in a side table (an owner, a redirect-URI host, a
 * scope) drives the query from that table's index: the database walks the matching rows and joins
 * each to its client, so the cost follows the matches, not the 100,000 clients (a filter on the
 * client table, as `lookups: { some }`, becomes a probe per client). The other filters are ANDed
 * into the join, where they hold too.
 */
function clientSource(query: ClientListQuery, now: Date) {
  const select = listSelect(now);
  const lookup = query.host
    ? { kind: "redirectHost", value: hostFilterKey(query.host) ?? "" }
    : query.owner
      ? { kind: "person", value: personFilterKey(query.owner) }
      : null;
  if (lookup) {
    return {
      count: (where: Prisma.ClientWhereInput) => prisma.clientLookup.count({ where: { ...lookup, client: where } }),
      page: async ({ where, orderBy, skip, take }: Window) =>
        (
          await prisma.clientLookup.findMany({
            where: { ...lookup, client: where },
            orderBy: throughClient(orderBy),
            skip,
            take,
            select: { client: { select } },
          })
        ).map((r) => r.client),
    };
  }
  if (query.scope) {
    const scopeId = query.scope;
    return {
      count: (where: Prisma.ClientWhereInput) => prisma.clientScope.count({ where: { scopeId, client: where } }),
      page: async ({ where, orderBy, skip, take }: Window) =>
        (
          await prisma.clientScope.findMany({
            where: { scopeId, client: where },
            orderBy: throughClient(orderBy),
            skip,
            take,
            select: { client: { select } },
          })
        ).map((r) => r.client),
    };
  }
  return {
    count: (where: Prisma.ClientWhereInput) => prisma.client.count({ where }),
    page: (window: Window) => prisma.client.findMany({ ...window, select }),
  };
}

/**
 * The clients a list query matches within `reach`: what the list shows, and what a bulk action on
 * "everything matching the filter" changes (lib/clients/bulk.ts re-runs it in its transaction).
 */
export async function clientsMatching(query: ClientListQuery, reach: Reach, now: Date, db?: Tx): Promise<Prisma.ClientWhereInput> {
  const breaking = query.attention === "breaks-policy" ? [...new Set((await secretsBreakingPolicy(reach, now, db)).map((s) => s.client.id))] : [];
  return clientsWithin(reach, clientListWhere(query, now, breaking));
}

async function loadClients(query: ClientListQuery, reach: Reach) {
  const now = new Date();
  const where = await clientsMatching(query, reach, now);
  const source = clientSource(query, now);
  const total = await source.count(where);
  const { page, pageCount, skip, take } = pageWindow(total, query.page, query.size);
  const rows = await source.page({ where, orderBy: clientListOrder(query.sort, query.dir), skip, take });
  const clockFiltered = query.attention || query.unused;
  const validUntil = Math.min(query.status ? await nextExpiry(now) : Infinity, clockFiltered ? now.getTime() + CLOCK_FILTERED_PAGE_MS : Infinity);
  return { rows, total, page, pageCount, validUntil };
}

/** The next instant after `now` at which an enabled client expires (its status changes); Infinity if none. */
async function nextExpiry(now: Date): Promise<number> {
  const next = await prisma.client.findFirst({
    where: { enabled: true, expiresAt: { gt: now } },
    orderBy: { expiresAt: "asc" },
    select: { expiresAt: true },
  });
  return next?.expiresAt?.getTime() ?? Infinity;
}

/** Everything the client page shows: the client, its profile and its secrets (never their hashes). */
export function getClient(id: string, reach: Reach) {
  return prisma.client.findFirst({
    where: clientsWithin(reach, { id }),
    include: {
      profile: { select: { id: true, identifier: true, displayName: true, secretMaxDays: true } },
      profileContext: { select: { id: true, category: true, d0: true } },
      secrets: { select: secretView, orderBy: { createdAt: "desc" } },
      scopes: { select: { scopeId: true, scope: { select: { name: true } } } },
    },
  });
}

export type ClientDetails = NonNullable<Awaited<ReturnType<typeof getClient>>>;

/**
 * The client's unrevoked secrets whose hash is that of a well-known weak secret (an imported Usercube
 * `HashedSecret` of "secret", say): the client page flags them until they are revoked (rotated).
 */
export async function weakSecretIds(clientInternalId: string, reach: Reach): Promise<Set<string>> {
  const rows = await prisma.secret.findMany({
    where: { client: clientsWithin(reach, { id: clientInternalId }), revokedAt: null, hash: { in: [...WEAK_SECRET_HASHES] } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}
