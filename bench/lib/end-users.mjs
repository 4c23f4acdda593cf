// What the end-user benchmarks share: oidc-provider in a process of its own (bench/lib/oidc-code-peer.mjs)
// as the portal's upstream identity provider and as the authorization-code peer; the portal's settings
// for it; identity providers made through the admin API's import (its service seals their secrets);
// and a small browser over node:http (a cookie jar, redirects followed by hand).
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { insertClient, servingChild } from "./portal.mjs";

export const SECRET = "bench-web-secret-0123456789-abcdefghijklmnop";
/** The web apps' redirect URI: never fetched, a browser stops there. */
export const REDIRECT = "http://127.0.0.1:9/callback";
/** The provider names the portal may use for the peer (their redirect URIs are registered there). */
export const UPSTREAM_NAMES = ["bench-active", "bench-passive", "bench-passive-2"];
const API_OWNER = "bench-api-owner";

/** The portal's settings for these benchmarks: its identity provider on loopback, rate limits off. */
export const END_USER_ENV = {
  ALLOW_PRIVATE_PROVIDER_HOSTS: "true",
  RATE_LIMIT_AUTHORIZE_PER_ADDRESS: "0",
  RATE_LIMIT_AUTHORIZE_PER_CLIENT: "0",
  RATE_LIMIT_END_USER_TOKEN_PER_CLIENT: "0",
  RATE_LIMIT_TOKEN_PER_CLIENT: "0",
  RATE_LIMIT_TOKEN_PER_ADDRESS: "0",
};

/** The peer, on a free loopback port, knowing the portal at `portalUrl` as a client of its own. */
export async function startCodePeer(portalUrl) {
  const script = path.join(import.meta.dirname, "oidc-code-peer.mjs");
  const child = spawn(process.execPath, [script, portalUrl, SECRET, UPSTREAM_NAMES.join(",")], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = await once(readline.createInterface({ input: child.stdout }), "line");
  process.once("exit", () => child.kill()); // also when the benchmark fails
  const url = line.trim();
  return servingChild(child, url);
}

/** An Owner client of the admin API, for importProviders (call in startPortal's prepare). */
export function insertApiOwner(db) {
  insertClient(db, { clientId: API_OWNER, secret: SECRET, adminApiRole: "Owner" });
}

export const basic = (clientId, secret = SECRET) => `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/** Identity providers at the peer, by name (Content Hub entries), through POST /api/v0/import. */
export async function importProviders(portalUrl, peerUrl, modes) {
  const token = await request(`${portalUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(API_OWNER), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  if (token.status !== 200) throw new Error(`admin API token: ${token.status} ${token.body}`);
  const entries = Object.entries(modes).map(([name, mode]) => ({
    provider_name: name,
    authentication_mode: mode,
    client_id: "portal-bench",
    client_secret: SECRET,
    authority: peerUrl,
    authentication_method: "redirect_get",
    response_mode: "query",
    response_type: "code",
    scope: ["openid", "email", "profile"],
    is_enabled: true,
    messages: { signIn: `Sign in with ${name}` },
  }));
  const imported = await request(`${portalUrl}/api/v0/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${JSON.parse(token.body).access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ format: "oidc-admin-portal", version: 1, identity_providers: entries }),
  });
  if (imported.status !== 200) throw new Error(`import of identity providers: ${imported.status} ${imported.body}`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP/1.1 request on a kept-alive connection; resolves with status, headers and body text. */
export function request(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) }, agent },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A browser without a page: cookies by origin (paths ignored), redirects followed until `stopAt`. */
export function fetchBrowser() {
  const jar = new Map(); // origin → name → value
  const cookie = (origin) => [...(jar.get(origin) ?? [])].map(([k, v]) => `${k}=${v}`).join("; ");
  function store(origin, response) {
    const cookies = jar.get(origin) ?? new Map();
    for (const line of response.headers["set-cookie"] ?? []) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a))) cookies.delete(name);
      else cookies.set(name, value);
    }
    jar.set(origin, cookies);
  }
  return {
    /** A request with this browser's cookies; its Set-Cookie kept. */
    async send(url, init = {}) {
      const { origin } = new URL(url);
      const response = await request(url, { ...init, headers: { ...init.headers, cookie: cookie(origin) } });
      store(origin, response);
      return response;
    },
    /** GETs `start` and follows redirects; returns the URL starting with `stopAt` (never fetched), or throws. */
    async go(start, stopAt) {
      let url = start;
      for (let hops = 0; hops < 20; hops++) {
        const response = await this.send(url);
        if (response.status < 300 || response.status >= 400)
          throw new Error(`${url}: ${response.status} before reaching ${stopAt}: ${response.body.slice(0, 300)}`);
        url = new URL(response.headers.location, url).href;
        if (url.startsWith(stopAt)) return new URL(url);
      }
      throw new Error("too many redirects");
    },
  };
}

const random = () => randomBytes(16).toString("base64url");

/** An authorization request (code, PKCE S256, state, nonce) and what its answer must match. */
export function authorizationRequest(authorizeUrl, clientId, scope = "openid profile email") {
  const verifier = randomBytes(32).toString("base64url");
  const state = random();
  const nonce = random();
  const url = new URL(authorizeUrl);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    response_type: "code",
    scope,
    redirect_uri: REDIRECT,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state,
    nonce,
  }))
    url.searchParams.set(k, v);
  return { url: url.href, verifier, state, nonce };
}

/**
 * The client's side of an authorization response: the code from the redirect (state checked), then
 * POST /token (client_secret_basic, code_verifier). Returns the ID token's claims; throws unless the
 * answer holds an access token and an ID token for this client, in `alg`, with the request's nonce.
 */
export async function redeem(tokenUrl, clientId, authorization, back, alg = "ES256") {
  const error = back.searchParams.get("error");
  if (error) throw new Error(`authorization: ${error} ${back.searchParams.get("error_description") ?? ""}`);
  if (back.searchParams.get("state") !== authorization.state) throw new Error("authorization: state does not match");
  const code = back.searchParams.get("code");
  if (!code) throw new Error("authorization: no code");
  const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: authorization.verifier }).toString();
  const response = await request(tokenUrl, {
    method: "POST",
    headers: { authorization: basic(clientId), "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${response.body.slice(0, 200)}`);
  const tokens = JSON.parse(response.body);
  if (typeof tokens.access_token !== "string" || typeof tokens.id_token !== "string") throw new Error("token: no access token or no ID token");
  const [header, payload] = tokens.id_token
    .split(".")
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
  if (header.alg !== alg) throw new Error(`ID token: ${header.alg}, not ${alg}`);
  if (payload.nonce !== authorization.nonce || payload.aud !== clientId) throw new Error("ID token: wrong nonce or audience");
  return payload;
}
