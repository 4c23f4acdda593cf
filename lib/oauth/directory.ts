import "server-only";
import type { ChangeEpoch } from "@/lib/db/change-epoch";
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

/** Clients refilled together after a change, in one query (well under SQLite's 999 bound values). */
export const DIRECTORY_REFILL_MAX = 500;

/**
 * A memory cache in front of `base`. An entry is used only while `epoch()` returns the value it had
 * when the lookup started, so any committed change (SQLite) or the passing of the bound (PostgreSQL)
 * sends the next request back to the database. Concurrent lookups of one name share one query.
 * Expiry of clients and secrets is checked at each use, not at caching.
 *
 * After a change, the first lookup of a client that was cached reloads it together with the other
 * clients found before (up to DIRECTORY_REFILL_MAX), in one query: the same clients keep asking, and
 * one query for them all costs far less than one each (the token usage writes of ADR 010 change the
 * database every few seconds under load). Those entries follow the same rule: they carry the epoch
 * read before the query.
 */
export function cachedDirectory(base: BulkDirectory, epoch: ChangeEpoch): Directory {
  return { client: clientCache(base, epoch), scope: nameCache(base.scope, epoch) };
}

function nameCache<T>(load: (key: string) => Promise<T>, epoch: ChangeEpoch) {
  const entries = new Map<string, { epoch: number; value: Promise<T> }>();
  return (key: string): Promise<T> => {
    const now = epoch();
    const hit = entries.get(key);
    if (hit && hit.epoch === now) return hit.value;
    if (entries.size >= DIRECTORY_CACHE_ENTRIES) entries.clear();
    const value = load(key);
    entries.set(key, { epoch: now, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}

function clientCache(base: BulkDirectory, epoch: ChangeEpoch) {
  type Entry = { epoch: number; value: Promise<ClientRecord | null>; found: boolean };
  const entries = new Map<string, Entry>();
  const put = (clientId: string, at: number, value: Promise<ClientRecord | null>) => {
    const entry: Entry = { epoch: at, value, found: false };
    entries.set(clientId, entry);
    value.then(
      (record) => {
        entry.found = record !== null;
      },
      () => {
        if (entries.get(clientId) === entry) entries.delete(clientId);
      },
    );
    return value;
  };
  return (clientId: string): Promise<ClientRecord | null> => {
    const now = epoch();
    const hit = entries.get(clientId);
    if (hit && hit.epoch === now) return hit.value;
    if (hit?.found) {
      const stale = [clientId];
      for (const [key, entry] of entries) {
        if (stale.length >= DIRECTORY_REFILL_MAX) break;
        if (entry.found && entry.epoch !== now && key !== clientId) stale.push(key);
      }
      const loaded = base.clients(stale);
      for (const key of stale) put(key, now, loaded.then((records) => records.get(key) ?? null));
      return entries.get(clientId)!.value;
    }
    if (entries.size >= DIRECTORY_CACHE_ENTRIES) entries.clear();
    return put(clientId, now, base.client(clientId));
  };
}
