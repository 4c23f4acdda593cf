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
