/** The issuer: PORTAL_URL (default http://localhost:3000), without a trailing slash. */
export function issuer(env: Record<string, string | undefined> = process.env): string {
  return (env.PORTAL_URL?.trim() || `http://localhost:${env.PORT?.trim() || "3000"}`).replace(/\/+$/, "");
}

/** Access tokens live one hour. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** The audience of the portal's own access tokens (the admin REST API). */
export function apiAudience(env: Record<string, string | undefined> = process.env): string {
  return `${issuer(env)}/api/v0`;
}

export const SIGNING_ALGS = ["ES256", "RS256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
