import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { databaseChangeEpoch } from "@/lib/db/change-epoch";
import { createProtocolServer } from "@/lib/oauth/protocol-server";
import { prisma } from "@/lib/testing/db";
import { sealClientSecret } from "@/lib/providers/secret";

// A small upstream OpenID provider for tests of sign-ins through the portal's identity providers: its
// authorization endpoint signs in `person` at once (no page) and sends the browser back with a code;
// its token endpoint answers with an RS256 ID token. Loopback only.

export const UPSTREAM_CLIENT_ID = "portal";
export const UPSTREAM_CLIENT_SECRET = "upstream-client-secret-do-not-leak";

export type UpstreamPerson = { sub: string; email?: string; email_verified?: boolean; name?: string; amr?: string[] };

export async function startUpstream() {
  const codes = new Map<string, { nonce: string | null; person: UpstreamPerson }>();
  const pair = await generateKeyPair("RS256");
  const key: CryptoKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const state = { url: "", person: { sub: "person-1", email: "pat@example.test", email_verified: true, name: "Pat" } as UpstreamPerson, authorizations: 0 };
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, state.url);
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer: state.url,
        authorization_endpoint: `${state.url}/authorize`,
        token_endpoint: `${state.url}/token`,
        jwks_uri: `${state.url}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      state.authorizations++;
      const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, { nonce: url.searchParams.get("nonce"), person: state.person });
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === "/token") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const issued = codes.get(new URLSearchParams(body).get("code") ?? "");
      if (!issued) return json(res, 400, { error: "invalid_grant" });
      codes.delete(new URLSearchParams(body).get("code")!);
      const { sub, ...claims } = issued.person;
      const idToken = await new SignJWT({ ...claims, ...(issued.nonce ? { nonce: issued.nonce } : {}), auth_time: Math.floor(Date.now() / 1000) })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(state.url)
        .setAudience(UPSTREAM_CLIENT_ID)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(key);
      return json(res, 200, { access_token: "upstream-access-token", token_type: "Bearer", expires_in: 300, id_token: idToken });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    state,
    /** An identity provider row of the portal pointing here. */
    async provider(providerName: string, overrides: Partial<Parameters<typeof prisma.identityProvider.create>[0]["data"]> = {}) {
      const row = await prisma.identityProvider.create({
        data: {
          providerName,
          authenticationMode: "Passive",
          clientId: UPSTREAM_CLIENT_ID,
          authority: state.url,
          authenticationMethod: "redirect_get",
          responseMode: "query",
          responseType: "code",
          scope: ["openid", "email", "profile"],
          messages: {},
          ...overrides,
        },
      });
      await prisma.identityProvider.update({ where: { id: row.id }, data: { clientSecretEncrypted: sealClientSecret(row.id, UPSTREAM_CLIENT_SECRET) } });
      return row;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser for tests: a cookie jar, and redirects followed by hand until one leaves for `stopAt`
 * (a relying party's redirect URI, which is never fetched). Returns the last response and its URL.
 */
export function testBrowser() {
  const jar = new Map<string, Map<string, string>>(); // origin → name → value
  function cookieHeader(url: URL) {
    const cookies = jar.get(url.origin);
    return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }
  function store(url: URL, response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const cookies = jar.get(url.origin) ?? new Map<string, string>();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a)) || value === "") cookies.delete(name);
      else cookies.set(name, value);
      jar.set(url.origin, cookies);
    }
  }
  return {
    jar,
    /** Fetches `start` and follows redirects; stops before fetching a URL that starts with `stopAt`. */
    async go(start: string, { stopAt, method = "GET", form }: { stopAt: string; method?: string; form?: Record<string, string> }) {
      let url = new URL(start);
      let init: RequestInit = form
        ? { method: "POST", body: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } }
        : { method };
      for (let hops = 0; hops < 20; hops++) {
        // Cookies are sent by origin only (the engine's path-scoped cookies go to their paths anyway in these flows).
        const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader(url) } });
        store(url, response);
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location) return { response, url, body: await response.text() };
        const next = new URL(location, url);
        if (next.href.startsWith(stopAt)) return { response, url: next, body: "" };
        url = next;
        init = { method: "GET" };
      }
      throw new Error("too many redirects");
    },
  };
}

/**
 * The portal's protocol server (the OpenID provider side) on a loopback port, with PORTAL_URL and
 * PORT set to it for the code that reads them (the issuer, "Try sign-in"'s loopback calls). Other
 * paths answer 404.
 */
export async function startProtocolPortal(settings: Record<string, string> = {}) {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  process.env.PORTAL_URL = url;
  process.env.PORT = String(port);
  const protocol = createProtocolServer({
    env: { ...process.env, RATE_LIMIT_TOKEN_PER_ADDRESS: "0", RATE_LIMIT_TOKEN_PER_CLIENT: "0", ...settings },
    epoch: databaseChangeEpoch(),
  });
  server.on("request", (req, res) => {
    if (!protocol.handle(req, res, protocol.address(req))) res.writeHead(404).end("not a protocol path");
  });
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
