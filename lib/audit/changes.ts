// The before/after of an audited object's fields: { field: { from, to } } for every field that
// changed, from the field list of the object's form schema (never typed twice), and secret fields
// only as "set", "replaced" or "not set". Pure: imported by the services and by the audit writer.
import type { z } from "zod";

export type Change = { from: unknown; to: unknown };

/** Dates as ISO text; an empty text or list counts as no value, so "" → "x" reads as — → x. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === "" || (Array.isArray(value) && value.length === 0)) return null;
  return value;
}

/** The fields whose values differ between two versions of a record, as { field: { from, to } }. */
export function diffChanges(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]) {
  const changes: Record<string, Change> = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const from = comparable(before[field]) ?? null;
    const to = comparable(after[field]) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/**
 * The fields an object's audit diff compares: its form schema's fields (lib/<area>/schema.ts), minus
 * those named in `except` (an id, a version, a secret and its action). Derived, so a new field is
 * audited without being typed again.
 */
export function auditedFields<T extends z.ZodRawShape, K extends keyof T & string = never>(
  schema: z.ZodObject<T>,
  except: readonly K[] = [],
): Exclude<keyof T & string, K>[] {
  return Object.keys(schema.shape).filter((k) => !(except as readonly string[]).includes(k)) as Exclude<keyof T & string, K>[];
}

/** A new object's fields, as { field: { from: null, to } } (empty ones left out). */
export function createdChanges(after: Record<string, unknown>, fields: readonly string[]) {
  return diffChanges({}, after, fields);
}

/** A deleted object's fields, as { field: { from, to: null } }: what it was, for the record. */
export function deletedChanges(before: Record<string, unknown>, fields: readonly string[]) {
  return diffChanges(before, Object.fromEntries(fields.map((f) => [f, null])), fields);
}

/**
 * How a secret field (a provider's client secret, the SMTP password, a webhook's signing secret)
 * changed, as the log says it — "set", "replaced" or "not set", never its value or hash; undefined
 * when it did not. `replaced`: a new value was given (over an old one, or where there was none).
 */
export function secretFieldChange({ had, has, replaced = false }: { had: boolean; has: boolean; replaced?: boolean }): Change | undefined {
  if (replaced) return { from: had ? "set" : "not set", to: had ? "replaced" : "set" };
  return had === has ? undefined : { from: had ? "set" : "not set", to: has ? "set" : "not set" };
}
