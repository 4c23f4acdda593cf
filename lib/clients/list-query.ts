import { CLIENT_STATUSES } from "./status";
import { z } from "zod";
import { EXPIRY_WARNING_DAYS, type ExpiryWarning } from "@/lib/secrets/policy";

export const CLIENT_SORTS = ["clientId", "displayName", "createdAt", "updatedAt", "expiresAt"] as const;
/** The status filter offers every status of the one rule (./status.ts). */
export const CLIENT_STATUS_FILTERS = CLIENT_STATUSES;
export const PAGE_SIZES = [25, 50, 100] as const;
/** "Unused for N days": no secret authenticated and no token was issued in the last N days (./queries.ts). */
export const CLIENT_UNUSED_FILTERS = ["7", "30", "90"] as const;

type AttentionFilter = `expires-${ExpiryWarning}` | "breaks-policy";
/**
 * The "needs attention" filter: something expires within one of the warning windows (a live secret
 * or the client itself; lib/secrets/policy.ts), or a live secret breaks the profile's secret policy.
 */
export const CLIENT_ATTENTION_FILTERS: readonly [AttentionFilter, ...AttentionFilter[]] = [
  "breaks-policy",
  ...EXPIRY_WARNING_DAYS.map((days) => `expires-${days}` as const),
];
/** The days of an `expires-N` filter; null for another. */
export const attentionDays = (filter: string): ExpiryWarning | null => EXPIRY_WARNING_DAYS.find((days) => filter === `expires-${days}`) ?? null;

const firstValue = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * The clients list's URL parameters. Anything malformed falls back to the default instead of
 * failing the page: a hand-edited URL should still show a list.
 */
export const clientListQuerySchema = z.object({
  q: z.preprocess(firstValue, z.string().trim().max(200).catch("")).default(""),
  profile: z.preprocess(firstValue, z.string().max(100).catch("")).default(""),
  status: z.preprocess(firstValue, z.enum(CLIENT_STATUS_FILTERS).or(z.literal("")).catch("")).default(""),
  attention: z.preprocess(firstValue, z.enum(CLIENT_ATTENTION_FILTERS).or(z.literal("")).catch("")).default(""),
  unused: z.preprocess(firstValue, z.enum(CLIENT_UNUSED_FILTERS).or(z.literal("")).catch("")).default(""),
  sort: z.preprocess(firstValue, z.enum(CLIENT_SORTS).catch("updatedAt")).default("updatedAt"),
  dir: z.preprocess(firstValue, z.enum(["asc", "desc"]).catch("desc")).default("desc"),
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000).catch(1)).default(1),
  size: z
    .preprocess(
      firstValue,
      z.coerce
        .number()
        .pipe(z.union(PAGE_SIZES.map((n) => z.literal(n))))
        .catch(25),
    )
    .default(25),
});

export type ClientListQuery = z.output<typeof clientListQuerySchema>;

/** The URL of the list with some parameters changed (defaults are left out). */
export function clientListHref(query: ClientListQuery, change: Partial<ClientListQuery>): string {
  const next = { ...query, ...change };
  const defaults = clientListQuerySchema.parse({});
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value !== defaults[key as keyof ClientListQuery]) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/clients?${search}` : "/clients";
}
