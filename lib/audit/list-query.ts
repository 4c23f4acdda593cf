import { z } from "zod";

/** Events per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

const firstValue = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) => z.preprocess(firstValue, z.string().trim().max(max).catch("")).default("");

/**
 * The audit log's URL parameters. Anything malformed falls back to the default instead of failing
 * the page: a hand-edited URL should still show a list.
 * - `type`: exact target type (client, profile, profileContext, …)
 * - `target`: part of the target's label (e.g. a client_id) or its exact id
 * - `actor`: part of the actor's label (an admin's email)
 * - `action`: exact action (client.created, …)
 */
export const auditListQuerySchema = z.object({
  type: text(100),
  target: text(200),
  actor: text(200),
  action: text(100),
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000).catch(1)).default(1),
});

export type AuditListQuery = z.output<typeof auditListQuerySchema>;

/** True when any filter is set (the page number is not a filter). */
export function isAuditFiltered(query: AuditListQuery): boolean {
  return Boolean(query.type || query.target || query.actor || query.action);
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
