// What every OAuth endpoint of the portal shares: the RFC 6749 §5.2 error shape, no-store JSON
// responses, bounded form-body parsing, and the two transports (Fetch API and Node's http).
import { readCapped } from "@/lib/http/read-capped";
import { availability } from "@/lib/db/prisma";
import { errorFields, logEvent, requestIdOf } from "@/lib/log";
import { RETRY_AFTER_SECONDS } from "@/lib/db/availability";
import type { RateLimiter } from "@/lib/auth/rate-limit";

/** The error codes the portal's token and introspection endpoints answer with. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "temporarily_unavailable"
  | "server_error";

/** The realm of the `WWW-Authenticate: Basic` challenge sent with every 401. */
export const BASIC_CHALLENGE = 'Basic realm="portal"';

/**
 * A refusal an OAuth endpoint answers with. `invalid_client` is always 401 with a Basic challenge
 * (RFC 6749 §5.2; RFC 9110 §15.5.2 requires WWW-Authenticate on every 401).
 */
export class OAuthError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    options: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
    this.status = options.status ?? (error === "invalid_client" ? 401 : 400);
    this.headers = { ...(this.status === 401 ? { "WWW-Authenticate": BASIC_CHALLENGE } : {}), ...options.headers };
  }
}

/**
 * What an OAuth endpoint reads of a request, whatever carries it: a Fetch API Request (tests, any
 * Fetch runtime) or Node's IncomingMessage (the portal's own server, scripts/server.mjs).
 */
export type OAuthRequest = {
  /** A header by lower-case name. */
  header(name: string): string | undefined;
  /** The body as UTF-8, or null when it is longer than `max` bytes (the rest is never read). */
  readBody(max: number): Promise<string | null>;
};

/** What an OAuth endpoint answers: status, headers and a JSON body, ready for either transport. */
export type OAuthResponse = { status: number; headers: Record<string, string>; body: string };

/** Token responses must not be cached (RFC 6749 §5.1); the same holds for errors and introspection. */
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function noStoreJson(body: unknown, status = 200, headers: Record<string, string> = {}): OAuthResponse {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...NO_STORE, ...headers }, body: JSON.stringify(body) };
}

/** The Fetch API view of a request. */
export function fetchRequest(request: Request): OAuthRequest {
  return {
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: (max) => readCapped(request, max),
  };
}

/** The Fetch API form of a response. */
export function fetchResponse(response: OAuthResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/**
 * error_description may only hold %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §5.2): no quotes, no
 * backslashes, ASCII only. Anything else (say, from an echoed parameter) becomes "?".
 */
export function safeDescription(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, "?");
}

export function errorResponse(error: OAuthError): OAuthResponse {
  return noStoreJson({ error: error.error, error_description: safeDescription(error.description) }, error.status, error.headers);
}

/** The request's id for the log (lib/log.ts requestIdOf). */
export function oauthRequestId(request: OAuthRequest): string {
  return requestIdOf({ get: (name) => request.header(name) });
}

/**
 * For anything unexpected. The database unreachable or too slow: 503 temporarily_unavailable with
 * Retry-After (RFC 6749 §5.2 names no such code for the token endpoint, but §4.1.2.1's is the one
 * clients know, and the status says it), counted by lib/db/availability.ts instead of one log line
 * each. Anything else: a generic server_error, logged with the request's id and without the request
 * (no secrets in logs).
 */
export function serverErrorResponse(where: string, error: unknown, requestId?: string): OAuthResponse {
  if (availability.refused(error, { requestId, where })) {
    return noStoreJson(
      { error: "temporarily_unavailable", error_description: `The service is temporarily unavailable. Try again in ${RETRY_AFTER_SECONDS} seconds.` },
      503,
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
  }
  logEvent("error", `${where} failed`, { requestId, ...errorFields(error) });
  return noStoreJson({ error: "server_error", error_description: "The server could not handle the request. Try again." }, 500);
}

/**
 * A method the endpoint does not answer: 405 with `Allow` (RFC 9110 §15.5.6) and an RFC 6749-style
 * JSON body, so OAuth clients read the refusal as they read any other.
 */
export function methodNotAllowed(allow: readonly string[], endpoint: string): OAuthResponse {
  return noStoreJson({ error: "invalid_request", error_description: `The ${endpoint} answers ${allow.join(" and ")} only.` }, 405, { Allow: allow.join(", ") });
}

/** Bodies of token and introspection requests are small; anything bigger is refused unread. */
export const MAX_FORM_BYTES = 16 * 1024;

/**
 * The request's parameters: application/x-www-form-urlencoded only (RFC 6749 §3.2 and §4.4.2,
 * RFC 7662 §2.1), at most 16 KiB, and no parameter more than once (RFC 6749 §3.1 / §3.2).
 */
export async function readForm(request: OAuthRequest): Promise<URLSearchParams> {
  const type = request.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
  }
  const text = await request.readBody(MAX_FORM_BYTES);
  if (text === null) throw new OAuthError("invalid_request", `The request body is larger than ${MAX_FORM_BYTES} bytes.`);
  const form = new URLSearchParams(text);
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key)) {
      throw new OAuthError(
        "invalid_request",
        /^[a-z_]{1,40}$/.test(key) ? `The parameter ${key} is sent more than once.` : "A parameter is sent more than once.",
      );
    }
    seen.add(key);
  }
  return form;
}

/** One parameter, with "" treated as absent (RFC 6749 §3.1). */
export function param(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  return value === null || value === "" ? undefined : value;
}

/** A 429 that tells the caller when to come back (RFC 6585 §4, RFC 9110 §10.2.3). */
export function tooManyRequests(retryAfterMs: number): OAuthError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new OAuthError("temporarily_unavailable", `Too many requests. Try again in ${seconds} seconds.`, {
    status: 429,
    headers: { "Retry-After": String(seconds) },
  });
}

/** An endpoint independent of the transport: the request and the caller's address in, the answer out. */
export type OAuthHandler = (request: OAuthRequest, address: string) => Promise<OAuthResponse>;

/**
 * The frame of the portal's form-posting endpoints (token, introspection): the per-address limit
 * first, then the form, then `handle`. An OAuthError becomes its RFC 6749 §5.2 answer; anything
 * else is logged as `where` failing and answered 500 (503 while the database is away).
 */
export function formEndpoint(
  where: string,
  perAddress: RateLimiter,
  handle: (request: OAuthRequest, form: URLSearchParams, address: string) => Promise<OAuthResponse>,
): OAuthHandler {
  return async (request, address) => {
    try {
      const byAddress = perAddress.consume(address);
      if (!byAddress.allowed) throw tooManyRequests(byAddress.retryAfterMs);
      return await handle(request, await readForm(request), address);
    } catch (error) {
      if (error instanceof OAuthError) return errorResponse(error);
      return serverErrorResponse(where, error, oauthRequestId(request));
    }
  };
}

/** An endpoint as a Fetch API handler (Request → Response), as the tests drive it. */
export function fetchHandler(handle: OAuthHandler) {
  return async (request: Request, address = "unknown"): Promise<Response> => fetchResponse(await handle(fetchRequest(request), address));
}
