// The SSRF guard of outboundFetch: which addresses are refused, that every DNS answer is checked,
// that the connection goes to the checked address, and that redirects are checked again.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { OutboundBlockedError, isSpecialAddress, outboundFetch, resolveAllowed, type Resolver } from "./outbound";

let server: http.Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    if (req.url === "/to-v6-loopback") res.writeHead(302, { location: `http://[::1]:${port}/hello` }).end();
    else if (req.url === "/to-name") res.writeHead(307, { location: `http://internal.test:${port}/echo` }).end();
    else if (req.url === "/see-other") res.writeHead(303, { location: "/echo" }).end();
    else if (req.url === "/echo") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () =>
        res
          .writeHead(200, { "content-type": "application/json", "x-test": "1" })
          .end(JSON.stringify({ method: req.method, body, type: req.headers["content-type"] ?? null })),
      );
    } else res.writeHead(200, { "content-type": "text/plain" }).end("hello");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  vi.unstubAllEnvs();
});

describe("isSpecialAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "192.0.2.5",
    "198.18.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
    "2001:db8::1",
    "2002:7f00:1::1",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isSpecialAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8"])("allows %s", (address) => {
    expect(isSpecialAddress(address)).toBe(false);
  });
});

describe("resolveAllowed", () => {
  it("checks every DNS answer: one private address among public ones is refused", async () => {
    const resolver: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    await expect(resolveAllowed("mixed.example", { resolve: resolver })).rejects.toThrow(/resolves to 10\.0\.0\.7/);
    const publicOnly: Resolver = async () => [{ address: "93.184.216.34", family: 4 }];
    await expect(resolveAllowed("public.example", { resolve: publicOnly })).resolves.toEqual([{ address: "93.184.216.34", family: 4 }]);
  });

  it("checks IP literals without DNS, brackets and all", async () => {
    const resolver = vi.fn<Resolver>();
    await expect(resolveAllowed("[::1]", { resolve: resolver })).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(resolveAllowed("169.254.169.254", { resolve: resolver })).rejects.toBeInstanceOf(OutboundBlockedError);
    expect(resolver).not.toHaveBeenCalled();
  });
});

describe("outboundFetch", () => {
  it("refuses loopback, by literal and by name, without connecting", async () => {
    await expect(outboundFetch(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(outboundFetch(`http://localhost:${port}/`)).rejects.toThrow(/localhost resolves to/);
    const rebinding: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    await expect(outboundFetch(`http://provider.example:${port}/`, {}, { resolve: rebinding })).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(outboundFetch("file:///etc/passwd")).rejects.toThrow(/Only http and https/);
    expect(seen).toEqual([]);
  });

  it("connects to the address it checked, not to a second DNS answer", async () => {
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    // The name resolves (once, here) to the test server; the socket must not resolve it again.
    const resolver = vi.fn<Resolver>(async () => [{ address: "127.0.0.1", family: 4 }]);
    const response = await outboundFetch(`http://idp.invalid:${port}/hello`, {}, { resolve: resolver });
    expect(await response.text()).toBe("hello");
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([`GET /hello host=idp.invalid:${port}`]);
  });

  it("behaves like fetch when allowed: status, headers, body, POST bodies, url", async () => {
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    const response = await outboundFetch(`http://127.0.0.1:${port}/echo`, { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-test")).toBe("1");
    expect(response.url).toBe(`http://127.0.0.1:${port}/echo`);
    expect(await response.json()).toEqual({ method: "POST", body: "a=1", type: "application/x-www-form-urlencoded;charset=UTF-8" });
    // 303 continues as a GET without the body.
    const seeOther = await outboundFetch(`http://127.0.0.1:${port}/see-other`, { method: "POST", body: "x" });
    expect(await seeOther.json()).toMatchObject({ method: "GET", body: "" });
  });

  it("checks every redirect hop again", async () => {
    // Only the test server's address is acceptable here; the redirect targets are not.
    const policy = {
      resolve: (async (host) => [{ address: host === "internal.test" ? "10.0.0.1" : "127.0.0.1", family: 4 }]) satisfies Resolver,
      allowed: (address: string) => address === "127.0.0.1",
    };
    await expect(outboundFetch(`http://127.0.0.1:${port}/to-name`, {}, policy)).rejects.toThrow(/internal\.test resolves to 10\.0\.0\.1/);
    await expect(outboundFetch(`http://127.0.0.1:${port}/to-v6-loopback`, {}, policy)).rejects.toThrow(/resolves to ::1/);
    // "manual" hands the redirect back; the caller's next call is checked the same way.
    expect((await outboundFetch(`http://127.0.0.1:${port}/to-name`, { redirect: "manual" }, policy)).status).toBe(307);
    expect(seen).toEqual([`GET /to-name host=127.0.0.1:${port}`, `GET /to-v6-loopback host=127.0.0.1:${port}`, `GET /to-name host=127.0.0.1:${port}`]);
  });
});
