import "server-only";
// The portal's public protocol side: /oauth/* and /.well-known/* answered by plain Node handlers in
// the same process, ahead of Next.js (scripts/server.mjs; docs/decisions/010-protocol-server-and-caches.md).
// Bundled on its own by scripts/lib/setup.mjs (esbuild) into <build folder>/protocol/server.mjs.
import { IncomingMessage, type ServerResponse } from "node:http";
import { limiterFor } from "@/lib/auth/rate-limit";
import { databaseChangeEpoch, POSTGRES_CACHE_BOUND_MS, type ChangeEpoch } from "@/lib/db/change-epoch";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { FOREIGN_ACTION_RESPONSE, isForeignServerAction } from "@/lib/http/action-origin";
import { CLIENT_ADDRESS_HEADER, clientAddress, isTrustedPeer, parseTrustedProxies } from "@/lib/http/client-address";
import { badPathResponse, hasUndecodablePath, pathOf } from "@/lib/http/request-path";
import { RETRY_AFTER_SECONDS } from "@/lib/db/availability";
import { availability } from "@/lib/db/prisma";
import { logEvent, requestIdOf } from "@/lib/log";
import { issuer } from "./config";
import { discoveryDocument, PUBLIC_METADATA_HEADERS } from "./discovery";
import { cachedDirectory, databaseDirectory } from "./directory";
import { errorResponse, methodNotAllowed, OAuthError, serverErrorResponse, tooManyRequests, type OAuthRequest, type OAuthResponse } from "./http";
import { parseBasicAuthorization, presentedCredentials } from "./client-auth";
import { createIntrospectionHandler } from "./introspection";
import { followChangeEpoch, jwksWithBody } from "./keys";
import { ENGINE_ROUTES } from "@/lib/end-users/engine/capabilities";
import { createEngine, type Engine } from "@/lib/end-users/engine/provider";
import { createEndUserSignIn } from "@/lib/end-users/sign-in";
import { endUserStylesheet, STYLESHEET_PATH, tooManySignIns } from "@/lib/end-users/render";
import { MAX_FORM_BYTES } from "./http";
import { createTokenHandler, tokenLimitsFromSettings } from "./token-endpoint";
import { tokenUsage } from "./token-usage";

/** The headers every page of the portal carries (next.config.ts), on the protocol responses too. */
const SECURITY_HEADERS = { "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin" } as const;

/** HSTS when the portal's address (PORTAL_URL, the issuer) is https: one year, this host only. */
function transportSecurity(issuerUrl: string): Record<string, string> {
  return issuerUrl.startsWith("https://") ? { "Strict-Transport-Security": "max-age=31536000" } : {};
}

/**
 * The forwarding headers that say which origin a request was made to. Next.js, Auth.js
 * (`trustHost`) and lib/http/origin.ts believe them, so only a trusted proxy may send them.
 */
const FORWARDED_ORIGIN_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"] as const;

/** Node's request as the OAuth handlers read it: headers, and the body read at most to `max` bytes. */
function nodeRequest(req: IncomingMessage): OAuthRequest {
  return {
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    readBody: (max) => readNodeBody(req, max),
  };
}

/** A request whose body was read already (the token endpoint's dispatch below): the body as read. */
function readRequest(req: IncomingMessage, body: string | null): OAuthRequest {
  return { ...nodeRequest(req), readBody: async (max) => (body === null || Buffer.byteLength(body) > max ? null : body) };
}

/**
 * The same request with its body, for the engine (oidc-provider reads the body from the request
 * stream): a fresh IncomingMessage on the same socket that yields the body already read.
 */
function replayRequest(req: IncomingMessage, body: string): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = { ...req.headers, "content-length": String(Buffer.byteLength(body)) };
  copy.httpVersion = req.httpVersion;
  copy.complete = true; // else its end would destroy the shared socket
  copy.push(body);
  copy.push(null);
  return copy;
}

/** The body, read at most to `max` bytes (null beyond). */
function readNodeBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (Number.isFinite(declared) && declared > max) {
      req.resume(); // discard the body unread, keep the connection usable
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

/** Node's request headers as requestIdOf reads them. */
function nodeHeaders(req: IncomingMessage) {
  return { get: (name: string) => [req.headers[name]].flat()[0] };
}

function send(res: ServerResponse, response: OAuthResponse, head = false, extra: Record<string, string> = {}) {
  res.writeHead(response.status, { ...SECURITY_HEADERS, ...extra, ...response.headers, "Content-Length": Buffer.byteLength(response.body) });
  res.end(head ? undefined : response.body);
}

/** Paths that never wait for the gate below: Next.js's assets, the API (its own 503), the health checks. */
const NOT_PAGES = /^\/(_next|api|healthz|readyz|icon\.svg|favicon\.ico)(\/|$|\?)/;

/** What a page load gets while the database is away: says so, and tries again by itself. */
const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS * 3}"><title>Temporarily unavailable</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#0f172a}p{color:#475569}</style></head>
<body><main role="alert"><h1>The portal is temporarily unavailable</h1>
<p>Its database is not answering. Nothing was changed. This page tries again every few seconds by itself.</p></main></body></html>
`;

/** A protocol path: null from `run` means the handler answered on `res` itself (the engine does). */
type Route = {
  allow: readonly string[];
  name: string;
  run: (req: IncomingMessage, address: string, res: ServerResponse) => Promise<OAuthResponse | null>;
};

/** The grants the end-user engine answers at /oauth/token; the portal's own handler answers the rest. */
const ENGINE_GRANTS = new Set(["authorization_code", "refresh_token"]);

/** The engine's answer to a request (oidc-provider's Koa handler, one per engine instance). */
const engineHandlers = new WeakMap<object, (req: IncomingMessage, res: ServerResponse) => void>();
async function toEngine(engine: Engine, req: IncomingMessage, res: ServerResponse): Promise<null> {
  const provider = await engine();
  let handler = engineHandlers.get(provider);
  if (!handler) engineHandlers.set(provider, (handler = provider.callback() as (req: IncomingMessage, res: ServerResponse) => void));
  handler(req, res);
  return null;
}

export type ProtocolServerOptions = { env?: Record<string, string | undefined>; epoch?: ChangeEpoch };

/**
 * The protocol side of the portal. `handle` answers the OAuth and metadata paths and returns false
 * for every other path (Next.js answers those). Client, scope and key lookups go through memory
 * caches that follow the database's change epoch; rate limits are per process (RATE_LIMIT_*).
 */
export function createProtocolServer({ env = process.env, epoch = databaseChangeEpoch() }: ProtocolServerOptions = {}) {
  followChangeEpoch(epoch);
  const directory = cachedDirectory(databaseDirectory, epoch);
  const tokenLimits = tokenLimitsFromSettings(env);
  const token = createTokenHandler(tokenLimits, tokenUsage, directory);
  const authorizeLimits = {
    perAddress: limiterFor("RATE_LIMIT_AUTHORIZE_PER_ADDRESS", env),
    perClient: limiterFor("RATE_LIMIT_AUTHORIZE_PER_CLIENT", env),
  };
  const endUserTokensPerClient = limiterFor("RATE_LIMIT_END_USER_TOKEN_PER_CLIENT", env);

  const trusted = parseTrustedProxies(env.TRUSTED_PROXIES);
  const iss = issuer(env);
  const hsts = transportSecurity(iss);
  const engine = createEngine({ issuer: iss, directory, env, proxy: trusted !== null }, epoch);
  const endUsers = createEndUserSignIn(engine, iss);
  const introspection = createIntrospectionHandler({ perAddress: limiterFor("RATE_LIMIT_INTROSPECT_PER_ADDRESS", env) }, directory, async (value) => {
    const provider = await engine();
    const found = await provider.AccessToken.find(value);
    if (!found?.accountId || !found.clientId) return null;
    return {
      clientId: found.clientId,
      accountId: found.accountId,
      scope: found.scope ?? "",
      exp: found.exp ?? 0,
      iat: found.iat ?? 0,
      jti: found.jti,
      iss: provider.issuer,
    };
  });

  let discovery: { seen: number; body: string } | null = null;
  const metadata = async (): Promise<OAuthResponse> => {
    const seen = epoch();
    if (discovery?.seen !== seen) discovery = { seen, body: JSON.stringify(await discoveryDocument(iss)) };
    return { status: 200, headers: { "Content-Type": "application/json", ...PUBLIC_METADATA_HEADERS }, body: discovery.body };
  };
  const keySet = async (): Promise<OAuthResponse> => ({
    status: 200,
    headers: { "Content-Type": "application/jwk-set+json", ...PUBLIC_METADATA_HEADERS },
    body: (await jwksWithBody()).body,
  });

  const POST = ["POST"] as const;
  const GET = ["GET", "HEAD"] as const;
  const routes = new Map<string, Route>([
    [
      "/oauth/token",
      {
        allow: ["POST", "OPTIONS"],
        name: "token endpoint",
        // client_credentials by the portal's own handler (ADR 010); the code and refresh grants by the engine.
        run: async (req, address, res) => {
          if (req.method === "OPTIONS") return toEngine(engine, req, res); // CORS preflight of a browser app
          const body = await readNodeBody(req, MAX_FORM_BYTES);
          const grantType = body === null ? null : new URLSearchParams(body).get("grant_type");
          if (body !== null && grantType !== null && ENGINE_GRANTS.has(grantType)) {
            // The same per-address limit as client_credentials; per client, the requests naming it
            // (the engine authenticates the client itself, after this).
            const byAddress = tokenLimits.perAddress.consume(address);
            if (!byAddress.allowed) return errorResponse(tooManyRequests(byAddress.retryAfterMs));
            const client = await namedClient(req, new URLSearchParams(body));
            const byClient = client ? endUserTokensPerClient.consume(client.clientId) : null;
            if (byClient && !byClient.allowed) return errorResponse(tooManyRequests(byClient.retryAfterMs));
            return (await otherThanRegistered(req, body)) ?? toEngine(engine, replayRequest(req, body), res);
          }
          return token(readRequest(req, body), address);
        },
      },
    ],
    [
      ENGINE_ROUTES.authorization,
      {
        allow: GET, // oidc-provider takes no POST here (its enableHttpPostMethods is off)
        name: "authorization endpoint",
        // Each authorization request may start a sign-in at an identity provider: limited per address
        // and per client (the one it names, when that client exists).
        run: async (req, address, res) => {
          const byAddress = authorizeLimits.perAddress.consume(address);
          if (!byAddress.allowed) return tooManySignIns(byAddress.retryAfterMs);
          const query = (req.url ?? "").split("?", 2)[1] ?? "";
          const client = await namedClient(req, new URLSearchParams(query));
          const byClient = client ? authorizeLimits.perClient.consume(client.clientId) : null;
          if (byClient && !byClient.allowed) return tooManySignIns(byClient.retryAfterMs);
          return toEngine(engine, req, res);
        },
      },
    ],
    ["/oauth/introspect", { allow: POST, name: "introspection endpoint", run: (req, address) => introspection(nodeRequest(req), address) }],
    ["/.well-known/jwks.json", { allow: GET, name: "JWKS endpoint", run: keySet }],
    ["/oauth/jwks", { allow: GET, name: "JWKS endpoint", run: keySet }],
    ["/.well-known/openid-configuration", { allow: GET, name: "metadata endpoint", run: metadata }],
    ["/.well-known/oauth-authorization-server", { allow: GET, name: "metadata endpoint", run: metadata }],
  ]);

  // The engine's own endpoints, each with what lies under it (/oauth/authorize/{uid} resumes a
  // sign-in, /oauth/logout/confirm and /success end one).
  const engineRoute: Route = {
    allow: ["GET", "HEAD", "POST", "OPTIONS"],
    name: "OpenID provider",
    run: async (req, _address, res) => {
      if (req.method === "POST" && pathOf(req.url ?? "/") === ENGINE_ROUTES.revocation) {
        const body = await readNodeBody(req, MAX_FORM_BYTES);
        if (body === null) return errorResponse(new OAuthError("invalid_request", `The request body is larger than ${MAX_FORM_BYTES} bytes.`));
        return (await otherThanRegistered(req, body)) ?? toEngine(engine, replayRequest(req, body), res);
      }
      return toEngine(engine, req, res);
    },
  };
  const enginePaths = Object.entries(ENGINE_ROUTES)
    .filter(([name]) => name !== "token")
    .map(([, path]) => path);
  /**
   * ADR 004's rule on the engine's paths too: a confidential client authenticates with its registered
   * method only (oidc-provider takes client_secret_basic and client_secret_post alike). Anything else
   * — no credentials, a public client, an unknown one — the engine answers.
   */
  /** The existing client a request names (HTTP Basic user, else client_id), authenticated or not; else null. */
  async function namedClient(req: IncomingMessage, params: URLSearchParams) {
    const basic = parseBasicAuthorization(nodeRequest(req).header("authorization") ?? "");
    const id = basic?.id ?? params.get("client_id");
    return id ? directory.client(id) : null;
  }

  async function otherThanRegistered(req: IncomingMessage, body: string): Promise<OAuthResponse | null> {
    let presented: ReturnType<typeof presentedCredentials>;
    try {
      presented = presentedCredentials(nodeRequest(req).header("authorization") ?? null, new URLSearchParams(body));
    } catch {
      return null;
    }
    const client = await directory.client(presented.id);
    if (!client || client.tokenEndpointAuthMethod === "none" || client.tokenEndpointAuthMethod === presented.method) return null;
    return errorResponse(new OAuthError("invalid_client", "Client authentication failed."));
  }

  const routeOf = (path: string): Route | undefined => {
    const exact = routes.get(path);
    if (exact) return exact;
    if (path === STYLESHEET_PATH) return stylesheetRoute;
    return enginePaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ? engineRoute : undefined;
  };
  const stylesheetRoute: Route = {
    allow: GET,
    name: "stylesheet",
    run: async (): Promise<OAuthResponse> => {
      const sheet = endUserStylesheet();
      return sheet
        ? {
            status: 200,
            headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" },
            body: sheet.body.toString("utf8"),
          }
        : { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "Not found" };
    },
  };

  const warned = new Set<string>();
  const issuerOrigin = new URL(iss).origin;

  return {
    issuer: iss,
    /** How long a change may take to reach this process's caches, for the startup line. */
    cacheBound:
      databaseKind(resolveDatabaseUrl(env)) === "sqlite" ? "at the next request (SQLite data_version)" : `within ${POSTGRES_CACHE_BOUND_MS} ms (PostgreSQL)`,

    /** Writes the token usage still waiting (lib/oauth/token-usage.ts); call it before the process exits. */
    flushTokenUsage: () => tokenUsage.flush(),

    /** The caller's address: the socket's peer, or what trusted proxies forwarded (TRUSTED_PROXIES). */
    address(req: IncomingMessage): string {
      return clientAddress(
        req.socket.remoteAddress,
        (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        trusted,
      );
    },

    /**
     * Sets the caller's address for Next.js's code (the sign-in limiter) in a header of its own,
     * replacing whatever a client sent in it.
     */
    stampAddress(req: IncomingMessage, address: string) {
      req.headers[CLIENT_ADDRESS_HEADER] = address;
    },

    /**
     * Gives the request its id (the caller's X-Request-Id when it is a plain token, else a new one):
     * set on the request for every handler behind, and answered in X-Request-Id, so a caller can
     * quote the id the log lines carry.
     */
    stampRequestId(req: IncomingMessage, res: ServerResponse) {
      const id = requestIdOf(nodeHeaders(req));
      req.headers["x-request-id"] = id;
      res.setHeader("X-Request-Id", id);
    },

    /**
     * What Next.js may believe of a request it is handed: the caller's address (stampAddress), the
     * forwarded origin (X-Forwarded-Host/-Proto/-Port, Forwarded) only when the socket's peer is a
     * trusted proxy (TRUSTED_PROXIES; dropped otherwise), and HSTS on its answer when PORTAL_URL is
     * https.
     */
    admit(req: IncomingMessage, res: ServerResponse, address: string) {
      req.headers[CLIENT_ADDRESS_HEADER] = address;
      if (!isTrustedPeer(req.socket.remoteAddress, trusted)) for (const name of FORWARDED_ORIGIN_HEADERS) delete req.headers[name];
      for (const [name, value] of Object.entries(hsts)) res.setHeader(name, value);
    },

    /**
     * Refuses a request whose path's percent-encoding does not decode (lib/http/request-path.ts)
     * with a 400 — JSON under /api/, a page elsewhere — and one info line. True when it answered.
     */
    refuseBadPath(req: IncomingMessage, res: ServerResponse): boolean {
      const target = req.url ?? "/";
      if (!hasUndecodablePath(target)) return false;
      req.resume();
      send(res, badPathResponse(target), req.method === "HEAD", hsts);
      logEvent("info", "request path with bad percent-encoding refused", {
        requestId: requestIdOf(nodeHeaders(req)),
        method: String(req.method).slice(0, 10),
        path: pathOf(target).slice(0, 200),
      });
      return true;
    },

    /** Warns once per origin when a request arrives on another origin than the issuer's. */
    noticeOrigin(req: IncomingMessage, address: string) {
      const host = req.headers.host;
      if (!host || warned.size >= 20) return;
      const proto =
        trusted && address !== req.socket.remoteAddress
          ? String(req.headers["x-forwarded-proto"] ?? "http")
              .split(",")[0]!
              .trim()
          : "http";
      const origin = `${proto}://${host}`.toLowerCase();
      if (origin === issuerOrigin || warned.has(origin)) return;
      warned.add(origin);
      logEvent(
        "warn",
        `A request arrived on ${origin}, but the issuer is ${iss}: tokens name ${iss}, and OAuth clients that ` +
          `discover ${origin} refuse the mismatch. Set PORTAL_URL to the address clients use.`,
        { origin, issuer: iss },
      );
    },

    /**
     * Refuses a server action posted from a foreign Origin (lib/http/action-origin.ts) with a quiet
     * 403 — one info line, not Next.js's 500 and error log. True when it answered.
     */
    refuseForeignAction(req: IncomingMessage, res: ServerResponse): boolean {
      if (!isForeignServerAction(req.method, req.headers)) return false;
      req.resume();
      send(res, FOREIGN_ACTION_RESPONSE, false, hsts);
      logEvent("info", "cross-origin server action refused", {
        requestId: requestIdOf(nodeHeaders(req)),
        path: (req.url ?? "/").split("?")[0]!.slice(0, 200),
        origin: String(req.headers.origin).slice(0, 100),
      });
      return true;
    },

    /**
     * Page loads (GET/HEAD outside the API, assets and health checks) while the database is away
     * (lib/db/availability.ts, which every failed request and the readiness probe report to): 503
     * with Retry-After and a short page that retries by itself, instead of Next.js's error page and
     * its stack trace in the log. A page that Next.js answers 500 while the database is away (the
     * first of an outage) becomes 503 with Retry-After too. API calls, server actions and assets
     * pass: they answer for themselves. True when it answered.
     */
    guardPage(req: IncomingMessage, res: ServerResponse): boolean {
      if ((req.method !== "GET" && req.method !== "HEAD") || NOT_PAGES.test(req.url ?? "/")) return false;
      if (!availability.down) {
        const writeHead = res.writeHead;
        res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
          if (status === 500 && availability.down) {
            this.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
            return (writeHead as (...args: unknown[]) => ServerResponse).call(this, 503, ...rest);
          }
          return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
        } as typeof res.writeHead;
        return false;
      }
      req.resume();
      send(
        res,
        {
          status: 503,
          headers: {
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            "Retry-After": String(RETRY_AFTER_SECONDS),
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
          },
          body: UNAVAILABLE_PAGE,
        },
        req.method === "HEAD",
      );
      return true;
    },

    /** Answers the protocol paths; false for any other path. */
    handle(req: IncomingMessage, res: ServerResponse, address: string): boolean {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const route = routeOf(q === -1 ? url : url.slice(0, q));
      if (!route) return endUsers.handle(req, res);
      const method = req.method ?? "GET";
      if (!route.allow.includes(method)) {
        req.resume();
        send(
          res,
          method === "OPTIONS" ? { status: 204, headers: { Allow: route.allow.join(", ") }, body: "" } : methodNotAllowed(route.allow, route.name),
          false,
          hsts,
        );
        return true;
      }
      route.run(req, address, res).then(
        (response) => response && send(res, response, method === "HEAD", hsts),
        (error: unknown) => send(res, serverErrorResponse(route.name, error, requestIdOf(nodeHeaders(req))), false, hsts),
      );
      return true;
    },
  };
}

export type ProtocolServer = ReturnType<typeof createProtocolServer>;

// The server process's background work (the outbox worker) starts from this bundle too.
export { startBackgroundWork } from "@/lib/notifications/background";
