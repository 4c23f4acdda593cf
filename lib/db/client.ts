import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "./database-url.mjs";

/**
 * Creates a Prisma client for a database URL (default: the resolved DATABASE_URL).
 * Secret columns (password and secret hashes) are omitted unless a query selects them explicitly.
 */
export function createPrismaClient(url: string = resolveDatabaseUrl()) {
  const adapter =
    databaseKind(url) === "sqlite"
      ? new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 5000 })
      : new PrismaPg({ connectionString: url });
  return new PrismaClient({ adapter, omit: { adminUser: { passwordHash: true }, secret: { hash: true }, identityProvider: { clientSecretEncrypted: true }, signingKey: { privateKeyEncrypted: true } } });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
