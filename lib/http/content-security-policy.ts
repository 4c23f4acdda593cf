// The portal's Content-Security-Policy (docs/decisions/014-content-security-policy.md). Scripts run
// only with this response's nonce ('strict-dynamic' lets them load Next.js's chunks); no inline
// script without the nonce, no eval, nothing from another origin. proxy.ts makes a fresh nonce per
// request, puts the policy on the request (Next.js reads the nonce from it and stamps every script
// tag it renders) and on the response.

/** The request header proxy.ts sets with the page's path and query, for sign-in redirects (lib/auth/session.ts). */
export const REQUEST_PATH_HEADER = "x-portal-path";

/** A fresh nonce: 16 random bytes, base64 (Next.js accepts [A-Za-z0-9+/_-]+={0,2}). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy for one response. Styles keep 'unsafe-inline': React and Radix set style attributes,
 * which a nonce cannot cover, and a style cannot run code.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * The paths that send a policy of their own: the start of a sign-in through an identity provider
 * (/sign-in/{provider_name}), whose form_post page may post its form to the provider only
 * (lib/providers/sign-in/respond.ts).
 */
export function hasOwnPolicy(pathname: string): boolean {
  return pathname.startsWith("/sign-in/");
}
