import "server-only";
import { randomBytes } from "node:crypto";
import type { SecondFactor, SignInMethod } from "./admin-session";

// A one-time login grant: how a sign-in verified elsewhere (an identity provider's callback) gets
// the same Auth.js session cookie as the password form. The callback issues a grant and at once
// calls Auth.js's signIn("login-grant") in the same request and process; that provider redeems it.
// A grant is 32 random bytes, lives 30 seconds, works once and never leaves the server, so the
// provider's public endpoint (/api/auth/callback/login-grant) accepts nothing a caller could forge.

const TTL_MS = 30_000;
type Grant = { adminId: string; method: SignInMethod; secondFactor?: SecondFactor; expiresAt: number };
// One map per process, whichever bundle imports this module.
const grants: Map<string, Grant> = ((globalThis as { __portalLoginGrants?: Map<string, Grant> }).__portalLoginGrants ??= new Map());

export function issueLoginGrant(adminId: string, method: SignInMethod, secondFactor?: SecondFactor, now = Date.now()): string {
  for (const [key, grant] of grants) if (grant.expiresAt <= now) grants.delete(key);
  const value = randomBytes(32).toString("base64url");
  grants.set(value, { adminId, method, ...(secondFactor ? { secondFactor } : {}), expiresAt: now + TTL_MS });
  return value;
}

/** The grant's admin and method, once; null for an unknown, used or expired grant. */
export function redeemLoginGrant(value: unknown, now = Date.now()): Omit<Grant, "expiresAt"> | null {
  if (typeof value !== "string") return null;
  const grant = grants.get(value);
  if (!grant) return null;
  grants.delete(value);
  return grant.expiresAt > now ? { adminId: grant.adminId, method: grant.method, ...(grant.secondFactor ? { secondFactor: grant.secondFactor } : {}) } : null;
}
