import Database from "better-sqlite3";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "./database-url.mjs";

/**
 * A value that changes whenever the database may have changed. Every memory cache of the portal
 * (the protocol server's clients, scopes and signing keys; the signed-in session rows; the client
 * list and profile options) keeps an entry only while it stays the same. The one rule, on both
 * databases and with any number of instances (docs/decisions/010-protocol-server-and-caches.md):
 *
 * - a commit made by this instance is seen by its next lookup, on SQLite and PostgreSQL alike;
 * - a commit made by another process or instance is seen at its next lookup on SQLite (one file)
 *   and within POSTGRES_CACHE_BOUND_MS on PostgreSQL.
 */
export type ChangeEpoch = () => number;

/** How long another instance's commit may go unseen on PostgreSQL, where there is no cheap change signal: 1 second. */
export const POSTGRES_CACHE_BOUND_MS = 1000;

// The commits this process made on PostgreSQL (counted by lib/db/client.ts). On globalThis: Next.js
// bundles each route and the server actions separately, and the protocol server is a bundle of its
// own, so module state is not shared between them; the process is.
const localCommits = ((globalThis as unknown as { portalLocalCommits?: { count: number } }).portalLocalCommits ??= { count: 0 });

/** Called by the PostgreSQL client after a statement that may have written has ended (committed or not). */
export function noteLocalCommit(): void {
  localCommits.count++;
}

/**
 * SQLite: `PRAGMA data_version` on a connection of its own, which changes as soon as any other
 * connection — in this process or another — commits (a few microseconds a call, no disk write).
 * PostgreSQL: changes at each commit of this process and at each new second (the bound for the
 * others), so an admin always sees their own change and every instance sees it within 1 s.
 */
export function databaseChangeEpoch(url: string = resolveDatabaseUrl()): ChangeEpoch {
  if (databaseKind(url) !== "sqlite") {
    let seen = { commits: -1, window: -1 };
    let value = 0;
    return () => {
      const now = { commits: localCommits.count, window: Math.floor(Date.now() / POSTGRES_CACHE_BOUND_MS) };
      if (now.commits !== seen.commits || now.window !== seen.window) {
        seen = now;
        value++;
      }
      return value;
    };
  }
  let read: (() => number) | null = null;
  return () => {
    if (!read) {
      const db = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true });
      const statement = db.prepare("PRAGMA data_version").pluck();
      read = () => statement.get() as number;
    }
    return read();
  };
}

/**
 * `cache(key, load, validUntil?)`: the value of `key`, from memory while the epoch is the one read
 * before it was loaded, else from `load`. `validUntil(value)`: for a value that also depends on the
 * time (say, which clients have expired), the instant (ms) from which it is stale even though the
 * database did not change. Concurrent lookups of one key share one load; a load that failed is not kept.
 */
export type EpochCache<T> = (key: string, load: () => Promise<T>, validUntil?: (value: T) => number) => Promise<T>;

export type EpochCacheOptions<T> = {
  /** Entries kept before the cache starts over (misses count too). */
  maxEntries?: number;
  /**
   * Reads up to `atMost` keys in one query. When given, the first lookup after a change of a key that
   * was found before reloads it together with the other keys found before: the same keys keep
   * asking, and one query for them all costs far less than one each. A key the result leaves out is
   * cached as null.
   */
  loadMany?: { load: (keys: readonly string[]) => Promise<Map<string, NonNullable<T>>>; atMost: number };
};

/** The one memory cache that follows the database (see ChangeEpoch for its rule). */
export function epochCache<T>(epoch: ChangeEpoch, { maxEntries = 200, loadMany }: EpochCacheOptions<T> = {}): EpochCache<T> {
  type Entry = { seen: number; value: Promise<T>; until: number; found: boolean };
  const entries = new Map<string, Entry>();
  const put = (key: string, seen: number, value: Promise<T>, validUntil?: (value: T) => number) => {
    const entry: Entry = { seen, value, until: Infinity, found: false };
    entries.set(key, entry);
    value.then(
      (v) => {
        entry.found = v !== null && v !== undefined;
        if (validUntil) entry.until = validUntil(v);
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return value;
  };
  return (key, load, validUntil) => {
    const seen = epoch();
    const hit = entries.get(key);
    if (hit && hit.seen === seen && Date.now() < hit.until) return hit.value;
    if (loadMany && hit?.found) {
      const stale = [key];
      for (const [other, entry] of entries) {
        if (stale.length >= loadMany.atMost) break;
        if (entry.found && entry.seen !== seen && other !== key) stale.push(other);
      }
      const loaded = loadMany.load(stale);
      for (const other of stale)
        put(
          other,
          seen,
          loaded.then((values) => (values.get(other) ?? null) as T),
          validUntil,
        );
      return entries.get(key)!.value;
    }
    if (entries.size >= maxEntries) entries.clear();
    return put(key, seen, load(), validUntil);
  };
}

/**
 * An epochCache on the portal's database, one per `name` and process (kept on globalThis: Next.js
 * bundles each route and the server actions separately, and they must share one cache).
 */
export function changeEpochCache<T>(name: string, maxEntries = 200, url: string = resolveDatabaseUrl()): EpochCache<T> {
  const shared = ((globalThis as unknown as { changeEpochCaches?: Map<string, unknown> }).changeEpochCaches ??= new Map());
  if (!shared.has(name)) shared.set(name, epochCache<T>(databaseChangeEpoch(url), { maxEntries }));
  return shared.get(name) as EpochCache<T>;
}
