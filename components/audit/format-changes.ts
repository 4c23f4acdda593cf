/** One line of an event's changes: `field: from → to`, or `key: value` for details. */
export type ChangeLine = { key: string; from?: string; to: string };

/** A value as an admin reads it: text as is, "—" for none, arrays and objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes("from") && keys.includes("to");
}

/**
 * The lines of an event's `changes` column: `{ field: { from, to } }` entries become
 * from → to lines (unless both sides read the same); any other entry is shown as its value.
 * Not an object: one line, key "".
 */
export function changeLines(changes: unknown): ChangeLine[] {
  if (changes === null || changes === undefined) return [];
  if (typeof changes !== "object" || Array.isArray(changes)) return [{ key: "", to: formatValue(changes) }];
  const lines: ChangeLine[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const perSecret = key === "secrets" ? secretCounts(value) : null;
    if (perSecret !== null) {
      lines.push({ key, to: perSecret });
      continue;
    }
    if (!isChange(value)) {
      lines.push({ key, to: formatValue(value) });
      continue;
    }
    const from = formatValue(value.from);
    const to = formatValue(value.to);
    // "— → —" (a create records unset fields as null → null) says nothing: leave it out.
    if (from !== to) lines.push({ key, from, to });
  }
  return lines;
}

/**
 * A token.issued summary's count per secret as people read it: "…a1b2 ×40, …c3d4 ×2" (a secret by its
 * hint, as the client page shows it; by its id when it has none, an imported hash or a deleted one).
 * Null when `value` is not such a list.
 */
function secretCounts(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const items = value as { id?: unknown; hint?: unknown; tokens?: unknown }[];
  if (!items.every((s) => typeof s === "object" && s !== null && typeof s.tokens === "number" && typeof s.id === "string")) return null;
  return items.map((s) => `${typeof s.hint === "string" && s.hint ? `…${s.hint}` : String(s.id)} ×${String(s.tokens)}`).join(", ");
}

const TARGET_TYPE_NAMES: Record<string, string> = {
  client: "Client",
  profile: "Profile",
  profileContext: "Profile context",
  scope: "Scope",
  identityProvider: "Identity provider",
  endUser: "End user",
  mailSettings: "Mail settings",
  auditSettings: "Audit retention",
  audit: "Audit log",
};

/** A target type's name for people: profileContext → Profile context; unknown types as stored. */
export function targetTypeName(type: string): string {
  return TARGET_TYPE_NAMES[type] ?? type;
}
