import "server-only";
import type { ChangeEpoch } from "@/lib/db/change-epoch";
import { MAX_IN_LIST } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A stored secret the endpoints may accept: not revoked; its expiry is checked at each use. */
export type SecretRecord = { hash: string; expiresAt: Date | null };

const clientSelect = {
  id: true,
  clientId: true,
  flow: true,
  tokenEndpointAuthMethod: true,
  idTokenSignedResponseAlg: true,
  enabled: true,
  expiresAt: true,
  createdAt: true,
  profileContextId: true,
  profile: { select: { identifier: true } },
  scopes: { select: { scope: { select: { name: true, enabled: true } } } },
  secrets: { where: { revokedAt: null }, select: { hash: true, expiresAt: true } },
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
    select: { name: true, enabled: true, secrets: { where: { revokedAt: null }, select: { hash: true, expiresAt: true } } },
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

/** The hashes of the secrets still valid at `now`. */
export function activeHashes(secrets: readonly SecretRecord[], now: Date): string[] {
  return secrets.filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now.getTime()).map((s) => s.hash);
}

/** Entries kept per kind before the cache starts over (unknown names are cached too, as null). */
export const DIRECTORY_CACHE_ENTRIES = 10_000;

/**
 * A memory cache in front of `base`. An entry is used only while `epoch()` returns the value it had
 * when the lookup started, so any committed change (SQLite) or the passing of the bound (PostgreSQL)
 * sends the next request back to the database. Concurrent lookups of one name share one query.
 * Expiry of clients and secrets is checked at each use, not at caching.
 *
 * After a change, the first lookup of a client that was cached reloads it together with the other
 * clients found before (up to MAX_IN_LIST), in one query: the same clients keep asking, and one
 * query for them all costs far less than one each (the token usage writes of ADR 010 change the
 * database every few seconds under load). Those entries follow the same rule: they carry the epoch
 * read before the query.
 */
export function cachedDirectory(base: BulkDirectory, epoch: ChangeEpoch): Directory {
  return { client: epochCache(epoch, base.client, base.clients), scope: epochCache(epoch, base.scope) };
}

/**
 * One cache of the directory: `load` reads one name; `loadMany`, when given, reads the names found
 * before a change together with the one asked for.
 */
function epochCache<T>(epoch: ChangeEpoch, load: (name: string) => Promise<T | null>, loadMany?: (names: readonly string[]) => Promise<Map<string, T>>) {
  type Entry = { epoch: number; value: Promise<T | null>; found: boolean };
  const entries = new Map<string, Entry>();
  const put = (name: string, at: number, value: Promise<T | null>) => {
    const entry: Entry = { epoch: at, value, found: false };
    entries.set(name, entry);
    value.then(
      (record) => {
        entry.found = record !== null;
      },
      () => {
        if (entries.get(name) === entry) entries.delete(name);
      },
    );
    return value;
  };
  return (name: string): Promise<T | null> => {
    const now = epoch();
    const hit = entries.get(name);
    if (hit && hit.epoch === now) return hit.value;
    if (loadMany && hit?.found) {
      const stale = [name];
      for (const [other, entry] of entries) {
        if (stale.length >= MAX_IN_LIST) break;
        if (entry.found && entry.epoch !== now && other !== name) stale.push(other);
      }
      const loaded = loadMany(stale);
      for (const other of stale) put(other, now, loaded.then((records) => records.get(other) ?? null));
      return entries.get(name)!.value;
    }
    if (entries.size >= DIRECTORY_CACHE_ENTRIES) entries.clear();
    return put(name, now, load(name));
  };
}
