import Database from "better-sqlite3";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "./database-url.mjs";

/**
 * A value that changes whenever the database may have changed: the caches of the protocol server
 * (clients, scopes, signing keys) keep an entry only while it stays the same.
 */
export type ChangeEpoch = () => number;

/** How stale a cached record may be on PostgreSQL, where there is no cheap change signal: 1 second. */
export const POSTGRES_CACHE_BOUND_MS = 1000;

/**
 * SQLite: `PRAGMA data_version` on a connection of its own, which changes as soon as any other
 * connection — in this process or another — commits (a few microseconds a call, no disk write). So
 * a disabled client, a revoked secret or a rotated key takes effect at the next request.
 * PostgreSQL: the current second, so a cached record lives at most POSTGRES_CACHE_BOUND_MS, on every
 * instance alike.
 */
export function databaseChangeEpoch(url: string = resolveDatabaseUrl()): ChangeEpoch {
  if (databaseKind(url) !== "sqlite") return () => Math.floor(Date.now() / POSTGRES_CACHE_BOUND_MS);
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
 * A small memory cache whose entries hold only while SQLite's data_version is unchanged: any commit,
 * from this process or another, empties it. On PostgreSQL it caches nothing (a 1-second window would
 * let an admin miss the record they just saved). At most `maxEntries` keys, then it starts over.
 */
export function changeEpochCache<T>(name: string, maxEntries = 200, url: string = resolveDatabaseUrl()): EpochCache<T> {
  // Next.js bundles each route (and the server actions) separately, so module state is not shared
  // between them: one cache per name and process, kept on globalThis.
  const shared = ((globalThis as unknown as { changeEpochCaches?: Map<string, unknown> }).changeEpochCaches ??= new Map());
  if (!shared.has(name)) shared.set(name, newEpochCache<T>(maxEntries, url));
  return shared.get(name) as EpochCache<T>;
}

type EpochCache<T> = (key: string, load: () => Promise<T>, validUntil?: (value: T) => number) => Promise<T>;

function newEpochCache<T>(maxEntries: number, url: string): EpochCache<T> {
  const epoch = databaseKind(url) === "sqlite" ? databaseChangeEpoch(url) : null;
  const entries = new Map<string, { seen: number; value: Promise<T>; until: number }>();
  /**
   * `validUntil(value)`: for a value that also depends on the time (say, which clients have expired),
   * the instant (ms) from which it is stale even though the database did not change.
   */
  return (key: string, load: () => Promise<T>, validUntil?: (value: T) => number): Promise<T> => {
    if (!epoch) return load();
    const seen = epoch();
    const hit = entries.get(key);
    if (hit && hit.seen === seen && Date.now() < hit.until) return hit.value;
    if (entries.size >= maxEntries) entries.clear();
    const value = load();
    const entry = { seen, value, until: Infinity };
    entries.set(key, entry);
    value.then(
      (v) => {
        if (validUntil) entry.until = validUntil(v);
      },
      () => {
        if (entries.get(key)?.value === value) entries.delete(key);
      },
    );
    return value;
  };
}
