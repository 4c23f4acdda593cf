import "server-only";
import type { Reach } from "@/lib/auth/permissions";
import { clientsWithin } from "@/lib/auth/reach";
import { prisma } from "@/lib/db/prisma";
import { containsText } from "@/lib/db/text";
import type { Prisma } from "@/lib/generated/prisma/client";
import { END_USER_PAGE_SIZE, type EndUserListQuery } from "./schema";
import { pageWindow } from "@/lib/validation/list-params";

// What the end-users section reads (ADR 020). The engine keeps a person's consent to a client as an
// OidcRecord of kind Grant (accountId = the EndUser's id, clientId = the OIDC client_id); there is
// no relation to the client row (the engine's rows may outlive a deleted client), so clients are
// looked up by client_id. A context-bound admin sees only the people who granted a client within
// their reach, and only those grants (docs/decisions/008).

/** How a person is named in lists, dialogs and the audit log: email, else username, name, else their sub. */
export function endUserLabel(user: { id: string; email: string | null; username: string | null; name: string | null }): string {
  return user.email ?? user.username ?? user.name ?? user.id;
}

/** The engine's records a person holds, apart from their grants: sessions, codes, access and refresh tokens. */
export const HELD_KINDS_EXCEPT_GRANTS: Prisma.OidcRecordWhereInput = { kind: { not: "Grant" } };

const liveGrants = (now: Date): Prisma.OidcRecordWhereInput => ({ kind: "Grant", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/** The OIDC client_ids within a context-bound reach; null when the reach is everything. */
async function clientIdsWithin(reach: Reach): Promise<string[] | null> {
  if (reach.kind === "all") return null;
  return (await prisma.client.findMany({ where: clientsWithin(reach), select: { clientId: true } })).map((c) => c.clientId);
}

/** The grants `reach` may see: all of them, or those of the clients within a context. */
const grantsWithin = (clientIds: string[] | null, where: Prisma.OidcRecordWhereInput): Prisma.OidcRecordWhereInput =>
  clientIds === null ? where : { AND: [where, { clientId: { in: clientIds } }] };

/** The people `reach` may see: everyone, or those who granted a client within the context. */
async function endUsersWithin(clientIds: string[] | null, now: Date): Promise<Prisma.EndUserWhereInput> {
  if (clientIds === null) return {};
  const rows = await prisma.oidcRecord.findMany({
    where: grantsWithin(clientIds, liveGrants(now)),
    select: { accountId: true },
    distinct: ["accountId"],
  });
  return { id: { in: rows.flatMap((r) => (r.accountId ? [r.accountId] : [])) } };
}

/** The portal's clients for a set of client_ids, within reach: display names and the page to link to. */
async function clientsByClientId(clientIds: string[], reach: Reach) {
  if (clientIds.length === 0) return new Map<string, { id: string; clientId: string; displayName: string }>();
  const rows = await prisma.client.findMany({
    where: clientsWithin(reach, { clientId: { in: clientIds } }),
    select: { id: true, clientId: true, displayName: true },
  });
  return new Map(rows.map((c) => [c.clientId, c]));
}

/** A client a person granted, as the pages show it; `id` null when the client is gone (its grant may remain). */
export type GrantedClient = { clientId: string; id: string | null; displayName: string | null };

const clientView = (clientId: string, clients: Map<string, { id: string; displayName: string }>): GrantedClient => {
  const client = clients.get(clientId);
  return { clientId, id: client?.id ?? null, displayName: client?.displayName ?? null };
};

/** One page of end users, searched (email, name, username, provider), with the clients each has granted. */
export async function listEndUsers(query: EndUserListQuery, reach: Reach, now = new Date()) {
  const clientIds = await clientIdsWithin(reach);
  const and: Prisma.EndUserWhereInput[] = [await endUsersWithin(clientIds, now)];
  if (query.q) {
    const text = containsText(query.q);
    and.push({ OR: [{ email: text }, { name: text }, { username: text }, { providerName: text }] });
  }
  const where = { AND: and };
  const total = await prisma.endUser.count({ where });
  const { page, pageCount, skip, take } = pageWindow(total, query.page, END_USER_PAGE_SIZE);
  const users = await prisma.endUser.findMany({
    where,
    // A unique tie-breaker keeps pages stable when sort values repeat.
    orderBy: [{ [query.sort]: query.dir }, { id: "asc" }],
    skip,
    take,
    select: { id: true, email: true, name: true, username: true, providerName: true, createdAt: true, lastSignInAt: true, signedOutAt: true },
  });
  const grants = users.length
    ? await prisma.oidcRecord.findMany({
        where: grantsWithin(clientIds, { AND: [liveGrants(now), { accountId: { in: users.map((u) => u.id) } }] }),
        select: { accountId: true, clientId: true },
        orderBy: { clientId: "asc" },
      })
    : [];
  const clients = await clientsByClientId([...new Set(grants.flatMap((g) => (g.clientId ? [g.clientId] : [])))], reach);
  const rows = users.map((user) => ({
    ...user,
    label: endUserLabel(user),
    clients: [...new Set(grants.filter((g) => g.accountId === user.id && g.clientId).map((g) => g.clientId!))].map((c) => clientView(c, clients)),
  }));
  return { rows, total, page, pageCount, size: END_USER_PAGE_SIZE };
}

export type EndUserRow = Awaited<ReturnType<typeof listEndUsers>>["rows"][number];

/** Whether a person exists within reach (the page gate's lookup). */
export async function endUserExists(id: string, reach: Reach): Promise<boolean> {
  const within = await endUsersWithin(await clientIdsWithin(reach), new Date());
  return (await prisma.endUser.count({ where: { AND: [within, { id }] } })) > 0;
}

/** The scopes a grant holds (the engine keeps them as one space-separated string). */
function grantedScopes(payload: Prisma.JsonValue): string[] {
  const scope = (payload as { openid?: { scope?: unknown } } | null)?.openid?.scope;
  return typeof scope === "string" ? scope.split(" ").filter(Boolean) : [];
}

/** When a grant was given (its iat, seconds). */
function grantedAt(payload: Prisma.JsonValue): Date | null {
  const iat = (payload as { iat?: unknown } | null)?.iat;
  return typeof iat === "number" ? new Date(iat * 1000) : null;
}

/** One person, within reach, with their grants by client (scopes, when, live tokens) and their live sessions. */
export async function getEndUser(id: string, reach: Reach, now = new Date()) {
  const clientIds = await clientIdsWithin(reach);
  const user = await prisma.endUser.findFirst({ where: { AND: [await endUsersWithin(clientIds, now), { id }] } });
  if (!user) return null;
  const grants = await prisma.oidcRecord.findMany({
    where: grantsWithin(clientIds, { AND: [liveGrants(now), { accountId: id }] }),
    select: { id: true, clientId: true, payload: true, expiresAt: true },
  });
  const live = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const tokens = grants.length
    ? await prisma.oidcRecord.groupBy({
        by: ["grantId"],
        where: { AND: [live, { grantId: { in: grants.map((g) => g.id) }, kind: { in: ["AccessToken", "RefreshToken"] } }] },
        _count: { _all: true },
      })
    : [];
  const tokenCount = new Map(tokens.map((t) => [t.grantId, t._count._all]));
  const clients = await clientsByClientId([...new Set(grants.flatMap((g) => (g.clientId ? [g.clientId] : [])))], reach);
  // One row per client: the engine keeps one grant per (session, client), so a person may hold several.
  const byClient = new Map<string, { client: GrantedClient; scopes: Set<string>; grantedAt: Date | null; tokens: number }>();
  for (const grant of grants) {
    if (!grant.clientId) continue;
    const row = byClient.get(grant.clientId) ?? { client: clientView(grant.clientId, clients), scopes: new Set<string>(), grantedAt: null, tokens: 0 };
    for (const scope of grantedScopes(grant.payload)) row.scopes.add(scope);
    const at = grantedAt(grant.payload);
    if (at && (!row.grantedAt || at < row.grantedAt)) row.grantedAt = at;
    row.tokens += tokenCount.get(grant.id) ?? 0;
    byClient.set(grant.clientId, row);
  }
  // Sessions span every client: only an unrestricted admin sees them (and may end them).
  const sessions = reach.kind === "all" ? await prisma.oidcRecord.count({ where: { AND: [live, { kind: "Session", accountId: id }] } }) : null;
  return {
    user: { ...user, label: endUserLabel(user) },
    grants: [...byClient.values()]
      .map((g) => ({ ...g, scopes: [...g.scopes] }))
      .sort((a, b) => (a.client.displayName ?? a.client.clientId).localeCompare(b.client.displayName ?? b.client.clientId)),
    sessions,
  };
}

export type EndUserDetails = NonNullable<Awaited<ReturnType<typeof getEndUser>>>;
export type EndUserGrantRow = EndUserDetails["grants"][number];
