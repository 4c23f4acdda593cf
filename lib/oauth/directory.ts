import "server-only";
import { epochCache, type ChangeEpoch } from "@/lib/db/change-epoch";
import { MAX_IN_LIST } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A stored secret the endpoints may accept: not revoked; its expiry is checked at each use. */
export type SecretRecord = { id: string; hash: string; expiresAt: Date | null };

const clientSelect = {
  id: true,
  clientId: true,
  flow: true,
  tokenEndpointAuthMethod: true,
  idTokenSignedResponseAlg: true,
  displayName: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  firstParty: true,
  enabled: true,
  expiresAt: true,
  createdAt: true,
  profileContextId: true,
  profile: { select: { identifier: true } },
  scopes: { select: { scope: { select: { name: true, enabled: true } } } },
  secrets: { where: { revokedAt: null }, select: { id: true, hash: true, expiresAt: true } },
} satisfies Prisma.ClientSelect;

function loadClient(clientId: string) {
  return prisma.client.findUnique({ where: { clientId }, select: clientSelect });
}

/** Several clients in one query, by client_id (those that do not exist are left out). */
async function loadClients(clientIds: readonly string[]): Promise<Map<string, ClientRecord>> {
  const rows = await prisma.client.findMany({ where: { clientId: { in: [...clientIds] } }, select: clientSelect });
  return new Map(rows.map((row) => [row.clientId, row]));
}

function loadScope(name: string) {
  return prisma.scope.findUnique({
    where: { name },
    select: { name: true, enabled: true, secrets: { where: { revokedAt: null }, select: { id: true, hash: true, expiresAt: true } } },
  });
}

/** What the token and introspection endpoints know of a client. */
export type ClientRecord = NonNullable<Awaited<ReturnType<typeof loadClient>>>;
/** What introspection knows of a scope that calls it. */
export type ScopeRecord = NonNullable<Awaited<ReturnType<typeof loadScope>>>;

/** Where the endpoints look clients and scopes up. */
export type Directory = {
  client(clientId: string): Promise<ClientRecord | null>;
  scope(name: string): Promise<ScopeRecord | null>;
};

/** Where the cache refills from: a directory that can also read many clients at once. */
export type BulkDirectory = Directory & { clients(clientIds: readonly string[]): Promise<Map<string, ClientRecord>> };

/** Straight from the database, every time. */
export const databaseDirectory: BulkDirectory = { client: loadClient, scope: loadScope, clients: loadClients };

/** The secrets still valid at `now` (during a rotation's grace, the old one and the new one). */
export function activeSecrets(secrets: readonly SecretRecord[], now: Date): SecretRecord[] {
  return secrets.filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now.getTime());
}

/** Entries kept per kind before the cache starts over (unknown names are cached too, as null). */
export const DIRECTORY_CACHE_ENTRIES = 10_000;

/**
 * A memory cache in front of `base`: the one epoch cache of the portal (lib/db/change-epoch.ts), so
 * a change this instance commits is seen at the next request, another instance's within the bound
 * on PostgreSQL. Concurrent lookups of one name share one query. Expiry of clients and secrets is
 * checked at each use, not at caching.
 *
 * After a change, the first lookup of a client that was cached reloads it together with the other
 * clients found before (up to MAX_IN_LIST), in one query: the same clients keep asking, and one
 * query for them all costs far less than one each (the token usage writes of ADR 010 change the
 * database every few seconds under load). Those entries carry the epoch read before the query.
 */
export function cachedDirectory(base: BulkDirectory, epoch: ChangeEpoch): Directory {
  const clients = epochCache<ClientRecord | null>(epoch, { maxEntries: DIRECTORY_CACHE_ENTRIES, loadMany: { load: base.clients, atMost: MAX_IN_LIST } });
  const scopes = epochCache<ScopeRecord | null>(epoch, { maxEntries: DIRECTORY_CACHE_ENTRIES });
  return { client: (clientId) => clients(clientId, () => base.client(clientId)), scope: (name) => scopes(name, () => base.scope(name)) };
}
