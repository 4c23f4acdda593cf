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
