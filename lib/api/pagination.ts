import { z } from "zod";
import { invalidRequest } from "./http";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * A list's query string. Two ways to page, both over the same order (creation time, then id):
 * `page_token` (the `next_page_token` of the previous answer: a cursor, stable while rows are added)
 * or `page` (1-based, offset paging). When both are given, `page_token` wins.
 */
export const pageQuerySchema = z.object({
  page_size: z.coerce
    .number({ message: "Enter a whole number." })
    .int("Enter a whole number.")
    .min(1, "Use at least 1.")
    .max(MAX_PAGE_SIZE, `Use at most ${MAX_PAGE_SIZE}.`)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
  page_token: z.string().max(500).optional().meta({ description: "The next_page_token of the previous page." }),
  page: z.coerce
    .number({ message: "Enter a whole number." })
    .int("Enter a whole number.")
    .min(1, "Use 1 or more.")
    .max(1_000_000, "Use at most 1000000.")
    .optional()
    .meta({ description: "1-based page number (offset paging); ignored when page_token is given." }),
});

export type PageQuery = z.output<typeof pageQuerySchema>;

type Cursor = { createdAt: Date; id: string };

export function encodeCursor(row: Cursor): string {
  return Buffer.from(`${row.createdAt.getTime()}.${row.id}`, "utf8").toString("base64url");
}

function decodeCursor(token: string): Cursor {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,100})$/.exec(text);
  if (!match) throw invalidRequest([{ path: "page_token", message: "This page token is not valid." }]);
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

/** The page query from a URL's search parameters (each given at most once). */
export function pageQueryOf(url: URL): PageQuery {
  const raw: Record<string, string> = {};
  for (const key of ["page_size", "page_token", "page"]) {
    const value = url.searchParams.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const parsed = pageQuerySchema.safeParse(raw);
  if (!parsed.success) {
    throw invalidRequest(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  }
  return parsed.data;
}

/**
 * The Prisma arguments of one page: a keyset `where` after the cursor, or `skip` for a page number.
 * One row more than the page is fetched, to know whether a next page exists.
 */
export function pageArgs(query: PageQuery) {
  const orderBy = [{ createdAt: "asc" as const }, { id: "asc" as const }];
  if (query.page_token) {
    const c = decodeCursor(query.page_token);
    const after = { OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }] };
    return { after, orderBy, skip: 0, take: query.page_size + 1 };
  }
  return { after: {}, orderBy, skip: ((query.page ?? 1) - 1) * query.page_size, take: query.page_size + 1 };
}

/** The rows of the page and, when more follow, the token of the next page. */
export function pageOf<T extends Cursor>(rows: T[], query: PageQuery): { rows: T[]; next_page_token?: string } {
  if (rows.length <= query.page_size) return { rows };
  const page = rows.slice(0, query.page_size);
  return { rows: page, next_page_token: encodeCursor(page[page.length - 1]!) };
}
