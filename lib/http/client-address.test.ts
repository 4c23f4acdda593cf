import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedProxies } from "./client-address";

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe("clientAddress", () => {
  it("without TRUSTED_PROXIES uses the socket address and ignores forwarding headers", () => {
    const spoofed = headers({ "x-forwarded-for": "203.0.113.9", forwarded: "for=203.0.113.9" });
    expect(clientAddress("::ffff:192.0.2.1", spoofed, parseTrustedProxies(undefined))).toBe("192.0.2.1");
    expect(clientAddress("::1", spoofed, parseTrustedProxies(""))).toBe("::1");
    expect(clientAddress(undefined, spoofed, null)).toBe("unknown");
  });

  it("ignores forwarding headers from a peer that is not a trusted proxy", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddress("192.0.2.1", headers({ "x-forwarded-for": "203.0.113.9" }), trusted)).toBe("192.0.2.1");
  });

  it("behind trusted proxies takes the nearest hop that is not one, so a client cannot prepend its own", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 127.0.0.1");
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real peer 198.51.100.7.
    expect(clientAddress("10.1.2.3", headers({ "x-forwarded-for": "1.2.3.4, 198.51.100.7" }), trusted)).toBe("198.51.100.7");
    expect(clientAddress("127.0.0.1", headers({ "x-forwarded-for": "198.51.100.7, 10.0.0.5" }), trusted)).toBe("198.51.100.7");
    // Only trusted hops: the leftmost one.
    expect(clientAddress("10.1.2.3", headers({ "x-forwarded-for": "10.0.0.9" }), trusted)).toBe("10.0.0.9");
    // No header: the proxy itself.
    expect(clientAddress("10.1.2.3", headers({}), trusted)).toBe("10.1.2.3");
  });

  it("reads RFC 7239 Forwarded (quoted IPv6 with port, IPv4 with port) before X-Forwarded-For", () => {
    const trusted = parseTrustedProxies("::1");
    const h = headers({ forwarded: 'for=1.2.3.4, for="[2001:db8::7]:4711";proto=https', "x-forwarded-for": "9.9.9.9" });
    expect(clientAddress("::1", h, trusted)).toBe("2001:db8::7");
    expect(clientAddress("::1", headers({ forwarded: "for=198.51.100.7:1234" }), trusted)).toBe("198.51.100.7");
    // A hop that cannot be read (an obfuscated identifier): do not guess past it.
    expect(clientAddress("::1", headers({ forwarded: "for=1.2.3.4, for=_hidden" }), trusted)).toBe("::1");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or CIDR range", () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/", "1.2.3.4/8/1", "::1/129"]) {
      expect(() => parseTrustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
    }
  });

  it("normalizes addresses", () => {
    expect(normalizeAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAddress("[::1]:80")).toBe("::1");
    expect(normalizeAddress("nonsense")).toBeNull();
  });
});
