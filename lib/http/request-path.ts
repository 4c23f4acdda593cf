// A request path whose percent-encoding does not decode (a lone "%", "%ZZ", bytes that are not
// UTF-8 such as "%E0%A4%A" or "%C0%AF") is refused before Next.js sees it: Next.js decodes a dynamic
// segment with decodeURIComponent, and its DecodeError became a 500 with no log line. Plain Node (no
// server-only): the portal's server checks every request once (lib/oauth/protocol-server.ts).
import type { OAuthResponse } from "@/lib/oauth/http";

/** The path of a request target, without its query. */
export function pathOf(target: string): string {
  const q = target.indexOf("?");
  return q === -1 ? target : target.slice(0, q);
}

/**
 * Whether the path of a request target holds percent-encoding that does not decode. Only the path:
 * the query is read with URLSearchParams, which keeps a bad escape as it is.
 */
export function hasUndecodablePath(target: string): boolean {
  const path = pathOf(target);
  if (!path.includes("%")) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

const MESSAGE = "The address is not valid: its percent-encoding does not decode (a lone %, %ZZ, or bytes that are not UTF-8).";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad request · OIDC client admin portal</title>
<style>body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}main{max-width:32rem;padding:2rem}h1{font-size:1.25rem}a{color:#1d4ed8}</style>
</head><body><main><h1>Bad request</h1><p>${MESSAGE}</p><p><a href="/">Go to the portal</a></p></main></body></html>
`;

/**
 * The 400 for an undecodable path: the admin API's JSON error shape under /api/, a short page
 * elsewhere (no script, so a policy that allows none).
 */
export function badPathResponse(target: string): OAuthResponse {
  const noStore = { "Cache-Control": "no-store" };
  if (pathOf(target).startsWith("/api/")) {
    return { status: 400, headers: { "Content-Type": "application/json", ...noStore }, body: JSON.stringify({ error: "invalid_request", message: MESSAGE }) };
  }
  return {
    status: 400,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      ...noStore,
    },
    body: PAGE,
  };
}
