import { createHash } from "node:crypto";

// The page that POSTs an authorization request to a provider whose authentication_method is form_post:
// used by the admins' sign-in (app/sign-in/[provider]) and the end users' (lib/end-users/sign-in.ts).

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const AUTO_SUBMIT = `document.getElementById("authorize").submit();`;
const AUTO_SUBMIT_HASH = `sha256-${createHash("sha256").update(AUTO_SUBMIT).digest("base64")}`;

/**
 * authentication_method form_post: a page whose form POSTs the authorization request to the
 * provider, submitted by a script (allowed by its hash) or by the button when scripts are off. Its
 * own Content-Security-Policy allows posting the form to the provider's authorization endpoint only.
 */
export function formPostPage(action: string, fields: [string, string][]): { html: string; contentSecurityPolicy: string } {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><form id="authorize" method="post" action="${escapeHtml(action)}">${inputs}<p>Taking you to your identity provider…</p><button type="submit">Continue</button></form></main><script>${AUTO_SUBMIT}</script></body></html>`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src '${AUTO_SUBMIT_HASH}'`,
    `form-action ${new URL(action).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return { html, contentSecurityPolicy };
}
