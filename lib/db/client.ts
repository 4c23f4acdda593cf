import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "./database-url.mjs";
import { noteLocalCommit } from "./change-epoch";
import { DatabaseTimeoutError } from "./errors";

/** Secret columns (password, secret and token hashes, encrypted keys): only an explicit select reads them. */
const OMIT = {
  adminUser: { passwordHash: true },
  adminToken: { tokenHash: true },
  secret: { hash: true },
  clientTrial: { credentialHash: true },
  identityProvider: { clientSecretEncrypted: true },
  signingKey: { privateKeyEncrypted: true },
  adminFactor: { secretEncrypted: true },
  adminRecoveryCode: { codeHash: true },
  changeRequest: { sealedSecret: true },
  webhookEndpoint: { secretEncrypted: true },
  mailSetting: { passwordEncrypted: true },
} as const;

type Env = Record<string, string | undefined>;

/**
 * How long the database may keep a request waiting (docs/decisions/011-postgresql.md, "When the
 * database fails"). A setting's value is a whole number of milliseconds; anything else stops the start.
 */
export const DATABASE_TIMEOUT_SETTINGS = {
  /** PostgreSQL: to open a connection, and to wait for a free one of the pool. */
  DATABASE_CONNECT_TIMEOUT_MS: 2000,
  /** PostgreSQL: one statement (the server's statement_timeout); SQLite: the wait for another writer's lock. */
  DATABASE_STATEMENT_TIMEOUT_MS: 5000,
} as const;

export type DatabaseTimeouts = { connectMs: number; statementMs: number };

/** The timeouts of the environment (DATABASE_CONNECT_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS). */
export function databaseTimeouts(env: Env = process.env): DatabaseTimeouts {
  const read = (name: keyof typeof DATABASE_TIMEOUT_SETTINGS) => {
    const raw = env[name]?.trim();
    if (!raw) return DATABASE_TIMEOUT_SETTINGS[name];
    if (!/^\d{1,7}$/.test(raw) || Number(raw) < 100) throw new Error(`${name} must be a whole number of milliseconds, at least 100, not "${raw}".`);
    return Number(raw);
  };
  return { connectMs: read("DATABASE_CONNECT_TIMEOUT_MS"), statementMs: read("DATABASE_STATEMENT_TIMEOUT_MS") };
}

/**
 * After the server's statement_timeout, how much longer the client waits for its answer before it
 * gives up on the connection: only a server that does not answer at all (frozen, or cut off by the
 * network) gets there.
 */
const CLIENT_SLACK_MS = 1000;

/**
 * The pool of a PostgreSQL client, with every wait bounded: connecting and waiting for a free
 * connection (connectionTimeoutMillis), each statement on the server (statement_timeout) and on the
 * client (query_timeout: a frozen server never cancels anything), and TCP keep-alive so a vanished
 * peer is noticed on idle connections. A connection that failed is dropped from the pool. On the
 * server, a transaction left open by an instance that froze or was cut off ends after a minute (the
 * longest transaction the portal runs, a configuration import, is allowed 60 s), releasing its locks.
 */
export function postgresPool(url: string, { connectMs, statementMs }: DatabaseTimeouts): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: connectMs,
    statement_timeout: statementMs,
    query_timeout: statementMs + CLIENT_SLACK_MS,
    idle_in_transaction_session_timeout: 60_000,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
}

/** Statements that cannot change anything (the rest may: a write, or the COMMIT that ends one). */
const READ_ONLY = /^\s*(SELECT|BEGIN|SET|SHOW|SAVEPOINT|RELEASE|ROLLBACK)\b/i;

/**
 * What the pool's connections do besides running queries:
 * - **One query at a time per connection.** Prisma's query interpreter loads an `include`'s relations
 *   with `Promise.all`; inside an interactive transaction they all go to the transaction's one
 *   connection, where pg queues them itself but warns that this is deprecated (an error in pg 9;
 *   prisma/orm#29468). A promise-style query waits here for the one before it, in order — what pg
 *   did, without the deprecated path.
 * - **Commits are counted** for the caches (lib/db/change-epoch.ts, noteLocalCommit), so this
 *   process sees its own writes at its next lookup: a connection that ran anything but a read is
 *   counted when it goes back to the pool — after the statement (outside a transaction) or after the
 *   COMMIT.
 */
function watchConnections(pool: pg.Pool) {
  const wrote = new WeakSet<pg.PoolClient>();
  pool.on("connect", (connection) => {
    const query = connection.query as (...args: unknown[]) => unknown;
    let last: Promise<unknown> = Promise.resolve();
    connection.query = function (this: pg.PoolClient, ...args: unknown[]) {
      const config = args[0] as { text?: unknown; submit?: unknown } | string | null;
      const text = typeof config === "string" ? config : config?.text;
      if (typeof text !== "string" || !READ_ONLY.test(text)) wrote.add(connection as pg.PoolClient);
      // Callback-style calls (the pool's own query) and submittables are pg's business.
      if (typeof args[args.length - 1] === "function" || (typeof config === "object" && typeof config?.submit === "function")) return query.apply(this, args);
      const run = () => query.apply(this, args);
      const result = last.then(run, run);
      last = result.catch(() => {});
      return result;
    } as typeof connection.query;
  });
  pool.on("release", (_error, connection) => {
    if (wrote.delete(connection)) noteLocalCommit();
  });
}

/** How each client answers `SELECT 1` within a time limit (pingDatabase). */
const pings = new WeakMap<object, (timeoutMs: number) => Promise<void>>();

function sqliteClient(url: string, timeouts: DatabaseTimeouts) {
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: timeouts.statementMs }), omit: OMIT });
  // The database is a write-ahead log (scripts/lib/setup.mjs migrate). better-sqlite3's build
  // defaults to synchronous=NORMAL there, which may lose the last commits on a power cut; FULL syncs
  // the log at each commit (about 0.5 ms here), so a secret shown once is also stored. The
  // adapter's one connection runs statements in order, so this is the first thing it does.
  void client.$executeRawUnsafe("PRAGMA synchronous = FULL").catch(() => {});
  // better-sqlite3 runs each statement to its end in this thread; only the wait for the lock is bounded.
  pings.set(client, async () => void (await client.$queryRaw`SELECT 1`));
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
export function createPrismaClient(url: string = resolveDatabaseUrl(), env: Env = process.env): Db {
  const timeouts = databaseTimeouts(env);
  if (databaseKind(url) === "sqlite") return sqliteClient(url, timeouts);
  const pool = postgresPool(url, timeouts);
  watchConnections(pool);
  const client = new PostgresqlPrismaClient({ adapter: new PrismaPg(pool), omit: OMIT });
  // Through the pool itself, with its own time limit: a probe that gives up also ends its statement
  // (the connection is dropped), instead of leaving it queued behind a frozen server.
  pings.set(client, async (timeoutMs) => void (await pool.query({ text: "SELECT 1", query_timeout: timeoutMs } as pg.QueryConfig)));
  return client as unknown as Db;
}

/**
 * Does the database answer `SELECT 1` within `timeoutMs`? Rejects when it does not (readiness, and
 * the outage watch of lib/db/availability.ts).
 */
export async function pingDatabase(db: Db, timeoutMs: number): Promise<void> {
  const ping = pings.get(db);
  if (!ping) throw new Error("Not a client made by createPrismaClient.");
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(timeoutMs),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new DatabaseTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs + 50);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
