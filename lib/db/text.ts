import { databaseKind, resolveDatabaseUrl } from "./database-url.mjs";

/**
 * A case-insensitive "contains" filter for a text column on either database. SQLite's LIKE ignores
 * ASCII case by itself (and its client has no `mode`); PostgreSQL's is case-sensitive, so it gets
 * `mode: "insensitive"` (ILIKE). Prisma passes `%` and `_` through as LIKE wildcards; on
 * PostgreSQL they are escaped here (`\\` is its LIKE escape character). SQLite's LIKE has no escape
 * character unless the query names one, which Prisma does not, so there they stay wildcards: a
 * search for `a_b` also finds `axb` — a wider search, never a narrower one.
 */
export function containsText(value: string): { contains: string } {
  if (databaseKind(resolveDatabaseUrl()) === "sqlite") return { contains: value };
  return { contains: value.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } as { contains: string };
}
