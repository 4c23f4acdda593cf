// Text no field of the portal has a use for, refused up front by the wrappers (adminAction,
// apiOperation), naming the field — one rule for every input, on SQLite and PostgreSQL alike:
// - U+0000 (NUL): PostgreSQL's text type cannot hold it, and a query with one failed as an unexpected
//   error (found by lib/validation/bad-input.test.ts on PostgreSQL).
// - A lone UTF-16 surrogate (JSON's "\ud800"): no Unicode character. Stored, it came back as a lone
//   surrogate from a JSON column (the audit's changes) and as U+FFFD from a text column; a page that
//   showed it wrote U+FFFD in its HTML and the surrogate in its React payload, and React's hydration
//   failed on the difference (error #418 on /audit).

export const NUL_MESSAGE = "Remove the NUL character (U+0000): it is not allowed.";
export const LONE_SURROGATE_MESSAGE = "Remove the broken character (a lone UTF-16 surrogate): it is not valid Unicode.";

/** Why a string cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes("\u0000")) return NUL_MESSAGE;
  if (!text.isWellFormed()) return LONE_SURROGATE_MESSAGE;
  return null;
}

type Path = (string | number)[];

/** Every string (or object key) in `value` that cannot be stored: its path and why. */
export function unstorableTextIn(value: unknown, path: Path = [], out: { path: Path; message: string }[] = [], depth = 0): { path: Path; message: string }[] {
  if (depth > 20) return out;
  if (typeof value === "string") {
    const message = unstorableText(value);
    if (message) out.push({ path, message });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableTextIn(item, [...path, i], out, depth + 1));
  } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const message = unstorableText(key);
      if (message) out.push({ path: [...path, key], message });
      else unstorableTextIn(item, [...path, key], out, depth + 1);
    }
  }
  return out;
}

/**
 * `value` with every lone surrogate in its strings and keys replaced by U+FFFD, as the page's HTML
 * (UTF-8) would have it anyway: for showing what was stored before the rule above, or came from
 * elsewhere (an imported document, a provider's claims), without a hydration mismatch.
 */
export function wellFormed<T>(value: T, depth = 0): T {
  if (typeof value === "string") return (value.isWellFormed() ? value : value.toWellFormed()) as T;
  if (depth > 20 || value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => wellFormed(item, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.toWellFormed(), wellFormed(item, depth + 1)])) as T;
}
