// Server actions posted from another origin (cross-site request forgery) are refused before they
// reach Next.js. Next.js refuses them too, but answers 500 and logs each one as an error, so any
// page on the web could fill the error log; here they get a quiet 403.
//
// The rule is Next.js's own (next/dist/server/app-render/action-handler.js, no
// serverActions.allowedOrigins configured): a request Next.js would treat as a server action
// (POST with a `Next-Action` header, or a multipart/form-data POST) whose `Origin` host differs
// from the first `X-Forwarded-Host` or else the `Host` header. A request without `Origin` is left
// to Next.js (browsers always send it on a POST; scripts carry no session cookie they did not own).

type HeaderValue = string | string[] | undefined;
type Headers = Record<string, HeaderValue>;

const first = (value: HeaderValue) => (Array.isArray(value) ? value[0] : value);

/** Whether a request is a server action from a foreign origin (true = refuse it). */
export function isForeignServerAction(method: string | undefined, headers: Headers): boolean {
  if (method !== "POST") return false;
  const contentType = first(headers["content-type"]) ?? "";
  const possibleAction = first(headers["next-action"]) !== undefined || contentType.toLowerCase().startsWith("multipart/form-data");
  if (!possibleAction) return false;
  const origin = first(headers.origin);
  if (origin === undefined) return false;
  let originHost: string;
  if (origin === "null") originHost = "null";
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return true; // an Origin that is not a URL is no same-origin request
    }
  }
  const forwardedHost = first(headers["x-forwarded-host"])?.split(",")[0]?.trim();
  const host = forwardedHost || first(headers.host);
  return originHost !== host;
}

/** The answer to a refused request: 403, a short JSON body, nothing cached. */
export const FOREIGN_ACTION_RESPONSE = {
  status: 403,
  headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  body: JSON.stringify({ error: "forbidden", message: "Cross-origin server action refused." }),
} as const;
