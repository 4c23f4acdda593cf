/**
 * An email as the portal stores and compares it: trimmed and lower-cased (docs/decisions/008).
 * Every way an email comes in — the first admin, an invitation, the password form, an identity
 * provider's claim — goes through here, so `AdminUser.email` is compared with `=` and matches
 * whatever case a person or a provider uses. (The local part is case-sensitive in theory; no mail
 * system an admin uses treats Ada@ and ada@ as two people.)
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
