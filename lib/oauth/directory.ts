import "server-only";
import type { ChangeEpoch } from "@/lib/db/change-epoch";
import { prisma } from "@/lib/db/prisma";

/** A stored secret the endpoints may accept: not revoked; its expiry is checked at each use. */
export type SecretRecord = { hash: string; expiresAt: Date | null };

function loadClient(clientId: string) {
  return prisma.client.findUnique({
    where: { clientId },
    select: {
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
    },
  });
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

/** Straight from the database, every time. */
export const databaseDirectory: Directory = { client: loadClient, scope: loadScope };

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
 */
export function cachedDirectory(base: Directory, epoch: ChangeEpoch): Directory {
  const cache = <T>(load: (key: string) => Promise<T>) => {
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
  };
  return { client: cache(base.client), scope: cache(base.scope) };
}
