// The caller's address, for rate limits and logs. Plain Node (no server-only): the custom server
// (scripts/server.mjs, through the protocol bundle) computes it once per request.
import { BlockList, isIP } from "node:net";

/** The header the portal's own server sets for Next.js's code; a value sent by a client is dropped. */
export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

/** Strips `::ffff:` from IPv4-mapped IPv6 addresses and brackets / ports from Forwarded values. */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim().replace(/^"|"$/g, "");
  if (value.startsWith("[")) value = value.slice(1, value.indexOf("]") > 0 ? value.indexOf("]") : undefined);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * TRUSTED_PROXIES: a comma-separated list of addresses and CIDR ranges (`10.0.0.0/8`, `::1`) of the
 * reverse proxies in front of the portal. Empty (the default): no proxy is trusted. Throws on an entry
 * that is neither, so a typo does not silently trust nothing.
 */
export function parseTrustedProxies(raw: string | undefined): BlockList | null {
  const entries = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const ip = address ? normalizeAddress(address) : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const type = ip && isIP(ip) === 6 ? "ipv6" : "ipv4";
    const max = type === "ipv6" ? 128 : 32;
    if (!ip || extra !== undefined || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > max || prefix === ""))) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range.`);
    }
    if (bits === null) list.addAddress(ip, type);
    else list.addSubnet(ip, bits, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** Whether the socket's peer is one of the trusted proxies (false when none is configured). */
export function isTrustedPeer(socketAddress: string | undefined, trusted: BlockList | null): boolean {
  const peer = socketAddress && normalizeAddress(socketAddress);
  return Boolean(trusted && peer && isTrusted(trusted, peer));
}

/** The `for=` addresses of a Forwarded header (RFC 7239), first hop first; null for an unusable entry. */
function forwardedFor(header: string): (string | null)[] {
  return header.split(",").map((element) => {
    const pair = element
      .split(";")
      .map((p) => p.trim())
      .find((p) => /^for=/i.test(p));
    return pair ? normalizeAddress(pair.slice(4)) : null;
  });
}

/**
 * The client's address. The socket's peer, unless that peer is a trusted proxy: then the forwarding
 * chain (`Forwarded`'s `for=`, else `X-Forwarded-For`) is walked from the nearest hop back, skipping
 * trusted proxies; the first address that is not one is the client. A chain that is malformed or
 * made only of trusted proxies gives the leftmost usable hop, or the socket's peer.
 */
export function clientAddress(socketAddress: string | undefined, header: (name: string) => string | undefined, trusted: BlockList | null): string {
  const peer = (socketAddress && normalizeAddress(socketAddress)) || "unknown";
  if (!trusted || !isTrustedPeer(socketAddress, trusted)) return peer;
  const forwarded = header("forwarded");
  const chain = forwarded ? forwardedFor(forwarded) : (header("x-forwarded-for") ?? "").split(",").map((s) => (s.trim() ? normalizeAddress(s) : null));
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (!hop) return peer; // a hop the proxies wrote but we cannot read: do not guess past it
    if (!isTrusted(trusted, hop)) return hop;
  }
  return chain.find((h): h is string => Boolean(h)) ?? peer;
}
