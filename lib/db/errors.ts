/** A unique constraint as the two databases name it in errors: SQLite by its columns, PostgreSQL by the index name. */
export type UniqueConstraint = { index: string; fields: readonly string[] };

type DriverCause = { constraint?: { index?: string; fields?: string[] } };

function driverCause(error: unknown): DriverCause | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } }).meta;
  return meta?.driverAdapterError?.cause;
}

/**
 * True when a Prisma error is a unique-constraint violation (P2002) — of `constraint` when given
 * (used to tell a partial unique index, such as one Active provider, from a plain one).
 */
export function isUniqueViolation(error: unknown, constraint?: UniqueConstraint): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: string }).code !== "P2002") return false;
  if (!constraint) return true;
  const violated = driverCause(error)?.constraint;
  if (!violated) return false;
  if (violated.index) return violated.index === constraint.index;
  return JSON.stringify(violated.fields ?? []) === JSON.stringify(constraint.fields);
}

/** True when a Prisma error is a foreign-key violation (P2003): the row is still referenced. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2003";
}

/** The database did not answer in time (a probe of lib/db/client.ts pingDatabase). */
export class DatabaseTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseTimeoutError";
  }
}

/**
 * Prisma's codes for a database that cannot be reached or did not answer in time: P1001 can't reach,
 * P1002 timed out reaching, P1008 operation timed out, P1017 connection closed, P2024 no free
 * connection in time, P2028 a transaction could not start or finish in time, P2037 too many
 * connections.
 */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);

/**
 * PostgreSQL's SQLSTATEs for the same: class 08 (connection exception), 57014 (statement_timeout),
 * 57P01-57P05 (shutting down, crashed, starting up, idle timeouts), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[1-5]|53300)$/;

/** The node-postgres driver's own errors when a connection fails or a wait runs out. */
const UNAVAILABLE_DRIVER_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly)/;

/** Node's socket errors of a connection that could not be made or was cut. */
const UNAVAILABLE_SOCKET_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)$/;

/** SQLite's result codes for a database that is locked too long or cannot be read or written. */
const UNAVAILABLE_SQLITE_CODE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY)/;

/**
 * Is this error the database being unreachable, too slow, or gone — rather than a bug or a refused
 * write? Such a request is answered 503 with Retry-After (lib/db/availability.ts), not 500. The one
 * place that knows how both databases and their drivers say it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    // By name: the protocol server and Next.js's bundles each have their own copy of the class.
    if (name === "DatabaseTimeoutError") return true;
    if (typeof code === "string" && [UNAVAILABLE_SQLSTATE, UNAVAILABLE_SOCKET_CODE, UNAVAILABLE_SQLITE_CODE].some((re) => re.test(code))) return true;
    if (typeof code === "string" && UNAVAILABLE_PRISMA_CODES.has(code)) return true;
    if (typeof message === "string" && UNAVAILABLE_DRIVER_MESSAGE.test(message)) return true;
    const adapter = (e as { meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } } }).meta?.driverAdapterError
      ?.cause;
    if (
      adapter &&
      (["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"].includes(adapter.kind ?? "") ||
        UNAVAILABLE_SQLSTATE.test(adapter.code ?? adapter.originalCode ?? ""))
    )
      return true;
  }
  return false;
}
