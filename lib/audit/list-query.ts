import { z } from "zod";
import { firstValue, pageParam } from "@/lib/validation/list-params";

/** Events per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

const text = (max: number) => z.preprocess(firstValue, z.string().trim().max(max).catch("")).default("");

/** An RFC 3339 date-time, its offset or seconds optional (a datetime-local field's value: then UTC), or a date. */
const INSTANT = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(\.\d{1,9})?)?([Zz]|[+-]\d\d:\d\d)?)?$/;

/**
 * An instant as the URL writes it: RFC 3339 in UTC, whole seconds without a fraction
 * (2026-12-06T18:34:00Z); null for text that is no real instant (2026-02-30, 25:00).
 */
export function canonicalInstant(raw: string): string | null {
  const m = INSTANT.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone = "Z"] = m;
  // The fields as written must exist: Date would roll 2026-02-30 over into March.
  const fields = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    fields.getUTCMonth() !== Number(mo) - 1 ||
    fields.getUTCDate() !== Number(d) ||
    fields.getUTCHours() !== Number(h) ||
    fields.getUTCMinutes() !== Number(mi) ||
    fields.getUTCSeconds() !== Number(s)
  ) {
    return null;
  }
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${zone.toUpperCase()}`);
  if (Number.isNaN(at.getTime())) return null;
  return at.toISOString().replace(".000Z", "Z");
}

/** An instant parameter: its canonical form, or "" when absent or malformed. */
const instant = z
  .preprocess(firstValue, z.string().max(40).catch(""))
  .transform((v) => (v ? (canonicalInstant(v) ?? "") : ""))
  .default("");

/** The value a `datetime-local` field shows for an instant (UTC, seconds kept): 2026-12-06T18:34:00. */
export function datetimeLocalValue(canonical: string): string {
  return canonical ? new Date(canonical).toISOString().slice(0, 19) : "";
}

/**
 * The audit log's URL parameters. Anything malformed falls back to the default instead of failing
 * the page: a hand-edited URL should still show a list.
 * - `type`: exact target type (client, profile, profileContext, …)
 * - `target`: part of the target's label (e.g. a client_id) or its exact id
 * - `actor`: part of the actor's label (an admin's email)
 * - `action`: exact action (client.created, …)
 * - `from`, `to`: the time range, RFC 3339 (2026-12-06T18:34:00Z; an offset is taken, none means
 *   UTC): events at or after `from` and before `to`
 */
export const auditListQuerySchema = z.object({
  type: text(100),
  target: text(200),
  actor: text(200),
  action: text(100),
  from: instant,
  to: instant,
  page: pageParam,
});

export type AuditListQuery = z.output<typeof auditListQuerySchema>;

/** The filters: every parameter but the page number. */
const FILTER_KEYS = Object.keys(auditListQuerySchema.shape).filter((k): k is Exclude<keyof AuditListQuery, "page"> => k !== "page");

/** True when any filter is set (the page number is not a filter). */
export function isAuditFiltered(query: AuditListQuery): boolean {
  return FILTER_KEYS.some((key) => query[key] !== "");
}

/** The filters alone (no page), as URL parameters: for the export links. */
export function auditFilterParams(query: AuditListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (query[key]) params.set(key, query[key]);
  return params;
}

/** The URL of the audit log with some parameters changed (defaults are left out). */
export function auditListHref(query: AuditListQuery, change: Partial<AuditListQuery> = {}): string {
  const next = { ...query, ...change };
  const defaults = auditListQuerySchema.parse({});
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value !== defaults[key as keyof AuditListQuery]) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/audit?${search}` : "/audit";
}
