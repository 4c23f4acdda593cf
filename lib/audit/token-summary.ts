// How the audit log summarises token issuance (docs/decisions/028), in one place for the code that
// counts (lib/oauth/token-usage.ts) and the pages that explain it; without server imports, so a
// client component can say it too.

/** One `token.issued` summary per client and this interval at most (per instance). */
export const TOKEN_AUDIT_INTERVAL_MS = 15 * 60_000;

/** The interval in words: "15 minutes". */
export const TOKEN_AUDIT_INTERVAL_TEXT = `${TOKEN_AUDIT_INTERVAL_MS / 60_000} minutes`;
