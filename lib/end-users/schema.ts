import { z } from "zod";
import { firstValue, pageParam } from "@/lib/validation/list-params";

// The end-users section's inputs: the list's URL parameters and the two actions' inputs (ADR 020).

export const END_USER_SORTS = ["lastSignInAt", "createdAt", "email"] as const;
export const END_USER_PAGE_SIZE = 25;

/** The list's URL parameters; anything malformed falls back to the default (a hand-edited URL still shows a list). */
export const endUserListQuerySchema = z.object({
  q: z.preprocess(firstValue, z.string().trim().max(200).catch("")).default(""),
  sort: z.preprocess(firstValue, z.enum(END_USER_SORTS).catch("lastSignInAt")).default("lastSignInAt"),
  dir: z.preprocess(firstValue, z.enum(["asc", "desc"]).catch("desc")).default("desc"),
  page: pageParam,
});

export type EndUserListQuery = z.output<typeof endUserListQuerySchema>;

/** The URL of the list with some parameters changed (defaults are left out). */
export function endUserListHref(query: EndUserListQuery, change: Partial<EndUserListQuery>): string {
  const next = { ...query, ...change };
  const defaults = endUserListQuerySchema.parse({});
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value !== defaults[key as keyof EndUserListQuery]) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/end-users?${search}` : "/end-users";
}

/** An end user: their id is the `sub` the portal issues. */
export const endUserIdSchema = z.object({ id: z.string().min(1).max(255) });

/** One person's grants to one client: `clientId` is the OIDC client_id. */
export const revokeGrantsSchema = endUserIdSchema.extend({ clientId: z.string().min(1).max(255) });
