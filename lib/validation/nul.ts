// PostgreSQL's text type cannot hold U+0000 (NUL): a query with one fails ("invalid byte sequence"),
// which would surface as an unexpected error. No field of the portal has a use for it, so the wrappers
// (adminAction, apiOperation) refuse it up front, naming the field — one rule for every input, on
// SQLite too. Found by lib/validation/bad-input.test.ts on PostgreSQL.

export const NUL_MESSAGE = "Remove the NUL character (U+0000): it is not allowed.";

/** The paths of every string (or object key) in `value` that holds a NUL character. */
export function pathsWithNul(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 20) return out;
  if (typeof value === "string") {
    if (value.includes("\u0000")) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => pathsWithNul(item, [...path, i], out, depth + 1));
  } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) out.push([...path, key]);
      else pathsWithNul(item, [...path, key], out, depth + 1);
    }
  }
  return out;
}
