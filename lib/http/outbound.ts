import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";

/**
 * The one way the server fetches a URL named by an admin (an identity provider's metadata, JWKS,
 * token and userinfo endpoints): every outbound request goes through here, so the rules for such
 * requests live in one place.
 *
 * SSRF guard: only http(s); the host name is resolved here, EVERY address it resolves to must be
 * public (not loopback, private, link-local, carrier-grade NAT, multicast, documentation or other
 * special ranges, IPv4-mapped forms included), and the connection goes to the address that was
 * checked — the socket never resolves the name again, so a DNS answer that changes between check
 * and connect (rebinding) cannot slip through. Redirects are followed (redirect: "follow") or
 * handed back ("manual") one hop at a time, and every hop is checked again.
 * ALLOW_PRIVATE_PROVIDER_HOSTS=true lifts the address rule (lab setups, tests); the scheme rule stays.
 */

/** A request refused before any connection was made. */
export class OutboundBlockedError extends Error {
  override name = "OutboundBlockedError";
}

const special = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  special.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64 (reaches IPv4 addresses, possibly private ones)
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001::", 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds an IPv4 address)
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  special.addSubnet(prefix, bits, "ipv6");
}

/** True for an address a provider may not have: anything but a public unicast address. */
export function isSpecialAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  // BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules too.
  return special.check(address, family === 4 ? "ipv4" : "ipv6");
}

const allowPrivate = () => process.env.ALLOW_PRIVATE_PROVIDER_HOSTS === "true";

/** Whether ALLOW_PRIVATE_PROVIDER_HOSTS=true lifts the address rule (webhook URLs check it too). */
export const privateHostsAllowed = allowPrivate;

type Resolved = { address: string; family: number };
export type Resolver = (hostname: string) => Promise<Resolved[]>;

/** How names are resolved and which addresses may be reached (both replaceable in tests). */
export type OutboundPolicy = { resolve: Resolver; allowed: (address: string) => boolean };

const DEFAULT_POLICY: OutboundPolicy = {
  resolve: (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true }),
  allowed: (address) => allowPrivate() || !isSpecialAddress(address),
};

/** Resolves a host and checks every answer; throws OutboundBlockedError when one is not allowed. */
export async function resolveAllowed(hostname: string, policy: Partial<OutboundPolicy> = {}): Promise<Resolved[]> {
  const { resolve, allowed } = { ...DEFAULT_POLICY, ...policy };
  const bare = hostname.replace(/^\[|\]$/g, "");
  const answers = net.isIP(bare) ? [{ address: bare, family: net.isIP(bare) }] : await resolve(bare);
  if (answers.length === 0) throw new OutboundBlockedError(`${hostname} does not resolve.`);
  const refused = answers.find((a) => !allowed(a.address));
  if (refused) {
    throw new OutboundBlockedError(
      `${hostname} resolves to ${refused.address}, a private, loopback or otherwise special address; the portal does not connect there (ALLOW_PRIVATE_PROVIDER_HOSTS=true allows it in labs).`,
    );
  }
  return answers;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** One request to a checked address; the response is a standard Response (body streamed). */
async function requestOnce(url: URL, request: Request, body: Buffer | null, policy: Partial<OutboundPolicy>): Promise<Response> {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OutboundBlockedError(`Only http and https URLs are fetched, not ${url.protocol}`);
  const [target] = await resolveAllowed(url.hostname, policy);
  const headers: Record<string, string> = { "accept-encoding": "identity" };
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (body) headers["content-length"] = String(body.length);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolvePromise, reject) => {
    const req = client.request(
      url,
      {
        method: request.method,
        headers,
        signal: request.signal,
        agent: false,
        // The socket connects to the address checked above and never asks DNS again. TLS still
        // verifies the certificate against the URL's host name (servername).
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Resolved[]) => void)(null, [target!]);
          else callback(null, target!.address, target!.family);
        },
        ...(url.protocol === "https:" && !net.isIP(url.hostname) ? { servername: url.hostname } : {}),
      },
      (res) => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, v);
        }
        const status = res.statusCode ?? 502;
        const empty = status === 204 || status === 304 || request.method === "HEAD";
        if (empty) res.resume();
        const response = new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
          status,
          statusText: res.statusMessage,
          headers: responseHeaders,
        });
        Object.defineProperty(response, "url", { value: url.href });
        resolvePromise(response);
      },
    );
    req.on("error", reject);
    if (body) req.end(body);
    else req.end();
  });
}

/** fetch() for admin-named URLs, with the SSRF guard above. `policy` is for tests. */
export async function outboundFetch(input: string | URL, init: RequestInit = {}, policy: Partial<OutboundPolicy> = {}): Promise<Response> {
  // The standard Request normalises method, headers and body (URLSearchParams, strings, bytes).
  let request = new Request(input, { ...init, redirect: "manual" });
  let body: Buffer | null = request.body ? Buffer.from(await request.arrayBuffer()) : null;
  let url = new URL(request.url);
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, request, body, policy);
    if (!REDIRECTS.has(response.status) || (init.redirect ?? "follow") === "manual") return response;
    await response.body?.cancel();
    if (init.redirect === "error") throw new TypeError(`${url.href} redirects; redirect: "error" was asked.`);
    const location = response.headers.get("location");
    if (!location) return response;
    if (hop >= MAX_REDIRECTS) throw new TypeError(`More than ${MAX_REDIRECTS} redirects from ${input.toString()}.`);
    const next = new URL(location, url);
    // As fetch does: 303 (and 301/302 after a POST) continue as a GET without a body; credentials
    // never travel to another origin.
    const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === "POST");
    const headers = new Headers(request.headers);
    if (next.origin !== url.origin) headers.delete("authorization");
    if (toGet) {
      headers.delete("content-type");
      body = null;
    }
    request = new Request(next, { method: toGet ? "GET" : request.method, headers, signal: init.signal ?? undefined, redirect: "manual" });
    url = next;
  }
}
