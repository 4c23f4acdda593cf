// One source of truth for where the database is. Plain ESM so that prisma.config.ts, the
// schema-engine shim, the start script and the app all read it the same way.
import path from "node:path";

export const DEFAULT_SQLITE_FILE = "data/portal.db";

/**
 * The database URL: DATABASE_URL when set, else the embedded SQLite file. Relative SQLite paths
 * are resolved against `root` (the project directory), so the CLI and the app agree.
 * @param {Record<string, string | undefined>} env
 * @param {string} root
 */
export function resolveDatabaseUrl(env = process.env, root = process.cwd()) {
  const raw = env.DATABASE_URL?.trim() || `file:${DEFAULT_SQLITE_FILE}`;
  if (!raw.startsWith("file:")) return raw;
  const file = raw.slice("file:".length).replace(/^\/\//, "");
  return `file:${path.resolve(root, file)}`;
}

/** @param {string} url */
export function databaseKind(url) {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(":")[0]}: (use file: or postgresql://)`);
}

/** The SQLite file path of a file: URL. @param {string} url */
export function sqliteFilePath(url) {
  return url.slice("file:".length);
}
