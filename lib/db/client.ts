import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "./database-url.mjs";

/** Secret columns (password, secret and token hashes, encrypted keys): only an explicit select reads them. */
const OMIT = {
  adminUser: { passwordHash: true },
  adminToken: { tokenHash: true },
  secret: { hash: true },
  identityProvider: { clientSecretEncrypted: true },
  signingKey: { privateKeyEncrypted: true },
} as const;

function sqliteClient(url: string) {
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 5000 }), omit: OMIT });
  // The database is a write-ahead log (scripts/lib/setup.mjs migrate). better-sqlite3's build
  // defaults to synchronous=NORMAL there, which may lose the last commits on a power cut; FULL syncs
  // the log at each commit (about 0.5 ms here), so a secret shown once is also stored. The
  // adapter's one connection runs statements in order, so this is the first thing it does.
  void client.$executeRawUnsafe("PRAGMA synchronous = FULL").catch(() => {});
  return client;
}

/**
 * Values in one `IN (…)` list of one statement: well under the SQLite driver's 999 bound values (and
 * PostgreSQL's 65,535). Longer lists are split, or capped, at this.
 */
export const MAX_IN_LIST = 500;

export type Db = ReturnType<typeof sqliteClient>;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Creates a Prisma client for a database URL (default: the resolved DATABASE_URL). Prisma generates
 * one client per database provider from the same models (prisma/schema.prisma and its PostgreSQL
 * twin, see lib/db/prisma-schemas.mjs); both have the same query API, so the app is typed against
 * the SQLite one. The few provider differences (case-insensitive search) live in lib/db/text.ts.
 */
export function createPrismaClient(url: string = resolveDatabaseUrl()): Db {
  if (databaseKind(url) === "sqlite") return sqliteClient(url);
  const client = new PostgresqlPrismaClient({ adapter: new PrismaPg({ connectionString: url }), omit: OMIT });
  return client as unknown as Db;
}
