import { z } from "zod";

// What every list page's URL has in common: a parameter given twice reads as its first value, and
// `?page=` picks a page, the last one when it is past the end. The lists' own filters live beside them.

/** A query parameter given twice (`?q=a&q=b`) reads as its first value. */
export const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** `?page=`: a page number from 1; anything else reads as 1, never a refusal. */
export const pageParam = z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000).catch(1)).default(1);

/** The page to show of `total` rows, `size` to a page: the one asked, or the last when it is past the end. */
export function pageWindow(total: number, asked: number, size: number) {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(asked, pageCount);
  return { page, pageCount, skip: (page - 1) * size, take: size };
}
