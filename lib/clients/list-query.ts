import { CLIENT_STATUSES } from "./status";
import { z } from "zod";
import { firstValue, pageParam } from "@/lib/validation/list-params";
import { EXPIRY_WARNING_DAYS, type ExpiryWarning } from "@/lib/secrets/policy";
import { CLIENT_FLOWS, TOKEN_ENDPOINT_AUTH_METHODS } from "./vocabulary";

/** Every column of the list sorts (components/clients/clients-table.tsx), and so does the creation instant. */
export const CLIENT_SORTS = ["clientId", "displayName", "flow", "profile", "status", "expiresAt", "updatedAt", "createdAt"] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];
/** The status filter offers every status of the one rule (./status.ts). */
export const CLIENT_STATUS_FILTERS = CLIENT_STATUSES;
export const PAGE_SIZES = [25, 50, 100] as const;
/**
 * Last use. "Unused for N days": no secret authenticated and no token was issued in the last N days;
 * "never": not once since it was created (./queries.ts).
 */
export const CLIENT_UNUSED_FILTERS = ["7", "30", "90", "180", "365", "never"] as const;
/** Enabled or disabled (the switch itself; the status filter adds the expiry). */
export const CLIENT_ENABLED_FILTERS = ["yes", "no"] as const;
/** Public or confidential: the one rule is isConfidential (./schema.ts), a database twin in ./queries.ts. */
export const CLIENT_TYPE_FILTERS = ["public", "confidential"] as const;
/** The flows and auth methods a filter offers: the model's own enums (./vocabulary.ts). */
export const CLIENT_FLOW_FILTERS = CLIENT_FLOWS;
export const CLIENT_AUTH_FILTERS = TOKEN_ENDPOINT_AUTH_METHODS;

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

/** A URL parameter that is one of `values` or "" (no filter); anything else falls back to "". */
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(firstValue, z.enum(values).or(z.literal("")).catch("")).default("");
/** A free-text URL parameter, trimmed; too long falls back to "" (no filter). */
const text = (max: number) => z.preprocess(firstValue, z.string().trim().max(max).catch("")).default("");

/**
 * The clients list's URL parameters. Anything malformed falls back to the default instead of
 * failing the page: a hand-edited URL should still show a list.
 */
export const clientListQuerySchema = z.object({
  q: text(200),
  profile: text(100),
  /** A profile context's Id (-2, -3, …). */
  context: z
    .preprocess(
      firstValue,
      z
        .string()
        .trim()
        .regex(/^-?\d{1,9}$/)
        .or(z.literal(""))
        .catch(""),
    )
    .default(""),
  status: choice(CLIENT_STATUS_FILTERS),
  enabled: choice(CLIENT_ENABLED_FILTERS),
  flow: choice(CLIENT_FLOW_FILTERS),
  auth: choice(CLIENT_AUTH_FILTERS),
  type: choice(CLIENT_TYPE_FILTERS),
  /** A scope's internal id. */
  scope: text(100),
  /** An owner or a contact, exactly (case aside). */
  owner: text(200),
  /** A redirect URI's host or a parent domain of it (lib/clients/lookups.ts). */
  host: text(253),
  attention: choice(CLIENT_ATTENTION_FILTERS),
  unused: choice(CLIENT_UNUSED_FILTERS),
  sort: z.preprocess(firstValue, z.enum(CLIENT_SORTS).catch("updatedAt")).default("updatedAt"),
  dir: z.preprocess(firstValue, z.enum(["asc", "desc"]).catch("desc")).default("desc"),
  page: pageParam,
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

const NOT_FILTERS = ["sort", "dir", "page", "size"] as const;
type FilterKey = Exclude<keyof ClientListQuery, (typeof NOT_FILTERS)[number]>;
/** The parameters that filter (every one but the sort and the page): "Clear filters", the count. */
export const CLIENT_FILTER_KEYS = Object.keys(clientListQuerySchema.shape).filter((key) => !(NOT_FILTERS as readonly string[]).includes(key)) as FilterKey[];

/** How many filters the query applies. */
export const activeFilterCount = (query: ClientListQuery) => CLIENT_FILTER_KEYS.filter((key) => query[key] !== "").length;

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
