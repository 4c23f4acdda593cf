import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pingDatabase } from "@/lib/db/client";
import { databaseChangeEpoch, POSTGRES_CACHE_BOUND_MS } from "@/lib/db/change-epoch";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { availability, prisma } from "@/lib/testing/db";
import { rotateSigningKeys } from "./keys";
import { createProtocolServer } from "./protocol-server";
import { addSecret, basicHeader, createOAuthClient, createProfile, createScope } from "@/lib/testing/oauth";

vi.mock("@/lib/db/client", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db/client")>();
  return { ...real, pingDatabase: vi.fn(real.pingDatabase) };
});

const unreachable = Object.assign(new Error("Can't reach database server"), { name: "PrismaClientKnownRequestError", code: "P1001", clientVersion: "7" });

// The protocol server over real HTTP, with its caches on: changes made through another connection
// (this file's Prisma client stands for the admin side or another instance) take effect at the next
// request on SQLite, and within the documented bound on PostgreSQL.
const afterChange = () =>
  databaseKind(resolveDatabaseUrl()) === "sqlite" ? Promise.resolve() : new Promise((r) => setTimeout(r, POSTGRES_CACHE_BOUND_MS + 50));
let base = "";
let server: http.Server;
const seenByNext: (string | undefined)[] = [];
let protocol: ReturnType<typeof createProtocolServer>;

beforeAll(async () => {
  const profile = await createProfile("Administrator");
  const scope = await createScope("orders.read");
  await createOAuthClient({ clientId: "svc", profileId: profile.id, alg: "ES256", scopeIds: [scope.id], secrets: [{ value: "svc-secret" }] });
  protocol = createProtocolServer({
    env: { PORTAL_URL: "http://localhost:3000", TRUSTED_PROXIES: "127.0.0.1", RATE_LIMIT_TOKEN_PER_ADDRESS: "3", RATE_LIMIT_TOKEN_PER_CLIENT: "0" },
    epoch: databaseChangeEpoch(),
  });
  server = http.createServer((req, res) => {
    protocol.stampRequestId(req, res);
    const address = protocol.address(req);
    if (protocol.handle(req, res, address)) return;
    if (protocol.guardPage(req, res)) return;
    req.headers[CLIENT_ADDRESS_HEADER] = "spoofed-by-client";
    protocol.stampAddress(req, address);
    seenByNext.push(req.headers[CLIENT_ADDRESS_HEADER] as string);
    // A page that fails: for want of the database when it says so, else for another reason.
    if (req.url === "/fails") {
      if (req.headers["x-database"] === "away") availability.refused(unreachable);
      res.writeHead(500).end("error page");
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let n = 0;
/** A token request from its own forwarded address (the limit is 3 per address), unless one is given. */
function tokenRequest(secret = "svc-secret", forwardedFor = `198.51.100.${++n}`) {
  return fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicHeader("svc", secret), "X-Forwarded-For": forwardedFor },
    body: "grant_type=client_credentials",
  });
}

describe("protocol server", () => {
  it("issues tokens and serves JWKS and metadata", async () => {
    const response = await tokenRequest();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const { access_token } = (await response.json()) as { access_token: string };
    const jwks = await fetch(`${base}/.well-known/jwks.json`);
    expect(jwks.headers.get("content-type")).toBe("application/jwk-set+json");
    const { keys } = (await jwks.json()) as { keys: { kid: string }[] };
    expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(access_token).kid);
    expect(await (await fetch(`${base}/oauth/jwks`)).json()).toEqual({ keys });
    const metadata = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { issuer: string; scopes_supported: string[] };
    expect(metadata.issuer).toBe("http://localhost:3000");
    expect(metadata.scopes_supported).toContain("orders.read");
  });

  it("answers other methods with 405, an Allow header and an RFC 6749 JSON error", async () => {
    for (const [path, method, allow] of [
      ["/oauth/token", "GET", "POST, OPTIONS"],
      ["/oauth/token", "PUT", "POST, OPTIONS"],
      ["/oauth/introspect", "GET", "POST"],
      ["/.well-known/jwks.json", "POST", "GET, HEAD"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect({ path, method, status: response.status, allow: response.headers.get("allow") }).toEqual({ path, method, status: 405, allow });
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: "invalid_request", error_description: expect.stringContaining("only") });
    }
    // A browser app's CORS preflight of the token endpoint (the engine answers it).
    const preflight = await fetch(`${base}/oauth/token`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("sees a disabled client, a revoked secret and a new secret at the next request", async () => {
    expect((await tokenRequest()).status).toBe(200);
    await prisma.client.update({ where: { clientId: "svc" }, data: { enabled: false } });
    await afterChange();
    expect(await (await tokenRequest()).json()).toMatchObject({ error: "invalid_client", error_description: "The client is disabled." });
    await prisma.client.update({ where: { clientId: "svc" }, data: { enabled: true } });
    await afterChange();
    expect((await tokenRequest()).status).toBe(200);

    const client = await prisma.client.findUniqueOrThrow({ where: { clientId: "svc" } });
    await addSecret({ clientInternalId: client.id }, { value: "svc-secret-2" });
    await afterChange();
    expect((await tokenRequest("svc-secret-2")).status).toBe(200);
    await prisma.secret.updateMany({ where: { clientInternalId: client.id }, data: { revokedAt: new Date(), revokedBy: "test" } });
    await afterChange();
    expect((await tokenRequest("svc-secret")).status).toBe(401);
    expect((await tokenRequest("svc-secret-2")).status).toBe(401);
    await addSecret({ clientInternalId: client.id }, { value: "svc-secret" });
    await afterChange();
  });

  it("signs with a key rotated elsewhere at the next request", async () => {
    const before = decodeProtectedHeader(((await (await tokenRequest()).json()) as { access_token: string }).access_token).kid;
    const { created } = await prisma.$transaction((tx) => rotateSigningKeys(tx));
    const after = decodeProtectedHeader(((await (await tokenRequest()).json()) as { access_token: string }).access_token).kid;
    expect(after).not.toBe(before);
    expect(created).toContain(after);
  });

  it("limits by the address a trusted proxy forwarded, and tells Next.js the address in a header it controls", async () => {
    const from = "203.0.113.50";
    expect([(await tokenRequest("wrong", from)).status, (await tokenRequest("wrong", from)).status, (await tokenRequest("wrong", from)).status]).toEqual([
      401, 401, 401,
    ]);
    expect((await tokenRequest("svc-secret", from)).status).toBe(429);
    expect((await tokenRequest("svc-secret", "203.0.113.51")).status).toBe(200);

    await fetch(`${base}/clients`, { headers: { "X-Forwarded-For": "192.0.2.77", [CLIENT_ADDRESS_HEADER]: "1.1.1.1" } });
    expect(seenByNext.at(-1)).toBe("192.0.2.77");
  });

  it("audits a token call with the caller's address (the hop before the first untrusted one), User-Agent and request id", async () => {
    const profile = await prisma.profile.findFirstOrThrow({ where: { identifier: "Administrator" } });
    await createOAuthClient({ clientId: "svc-audited", profileId: profile.id, alg: "ES256", secrets: [{ value: "audited-secret" }] });
    const response = await fetch(`${base}/oauth/token`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: basicHeader("svc-audited", "audited-secret"),
        // Client-written leftmost hop, the caller, then a trusted proxy (127.0.0.1).
        "X-Forwarded-For": "192.0.2.200, 198.51.100.99, 127.0.0.1",
        "User-Agent": "batch-job/3.2",
        "X-Request-Id": "lb-token-1",
      },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(200);
    await protocol.flushTokenUsage();
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "token.issued", targetLabel: "svc-audited" } });
    expect(event).toMatchObject({
      actorType: "client",
      actorLabel: "svc-audited",
      address: "198.51.100.99",
      userAgent: "batch-job/3.2",
      requestId: "lb-token-1",
    });
  });

  it("gives every answer a request id: the caller's when it is a plain token, else a new one", async () => {
    const given = await fetch(`${base}/.well-known/jwks.json`, { headers: { "X-Request-Id": "lb-7f3a" } });
    expect(given.headers.get("x-request-id")).toBe("lb-7f3a");
    const bad = await fetch(`${base}/clients`, { headers: { "X-Request-Id": "not a token" } });
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("while the database is away, answers page loads 503 with Retry-After and a page that retries; API calls, assets and health checks pass", async () => {
    vi.mocked(pingDatabase).mockRejectedValue(unreachable);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect((await fetch(`${base}/clients`)).status).toBe(404); // Next.js's stand-in here
      expect((await fetch(`${base}/fails`)).status).toBe(500);
      // The first page of an outage: Next.js's 500 becomes 503 with Retry-After.
      const first = await fetch(`${base}/fails`, { headers: { "x-database": "away" } });
      expect(first.status).toBe(503);
      expect(first.headers.get("retry-after")).toBe("2");
      const page = await fetch(`${base}/clients?page=2`);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("2");
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await page.text()).toContain("The portal is temporarily unavailable");
      expect((await fetch(`${base}/`, { method: "HEAD" })).status).toBe(503);
      for (const passes of ["/api/v0/oidc/clients", "/_next/static/chunks/app.js", "/healthz", "/readyz"]) {
        expect((await fetch(`${base}${passes}`)).status, passes).toBe(404);
      }
      expect((await fetch(`${base}/clients`, { method: "POST", body: "x" })).status).toBe(404); // a server action answers for itself
    } finally {
      vi.mocked(pingDatabase).mockRestore();
      stderr.mockRestore();
    }
    await vi.waitFor(() => expect(availability.down).toBe(false), { timeout: 5000 });
    expect((await fetch(`${base}/clients`)).status).toBe(404);
  });
});

/**
 * A portal server as scripts/server.mjs wires it, with a stand-in for Next.js that answers 200 with
 * the headers it was handed.
 */
async function portalServer(env: Record<string, string>) {
  const protocol = createProtocolServer({ env: { RATE_LIMIT_TOKEN_PER_ADDRESS: "0", RATE_LIMIT_TOKEN_PER_CLIENT: "0", ...env }, epoch: databaseChangeEpoch() });
  const server = http.createServer((req, res) => {
    const address = protocol.address(req);
    if (protocol.handle(req, res, address)) return;
    if (protocol.refuseBadPath(req, res)) return;
    protocol.admit(req, res, address);
    if (protocol.refuseForeignAction(req, res)) return;
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(req.headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("what reaches Next.js, and the headers of every answer", () => {
  const info = vi.spyOn(process.stdout, "write");
  afterAll(() => info.mockRestore());

  it("refuses a path whose percent-encoding does not decode: 400, JSON under /api/, a page elsewhere, one log line", async () => {
    const portal = await portalServer({ PORTAL_URL: "http://localhost:3000" });
    try {
      for (const path of ["/invitation/%ZZ", "/signin-%ZZ", "/clients/%E0%A4%A", "/sign-in/%", "/clients/%C0%AF", "/clients/%ED%A0%80"]) {
        info.mockClear();
        const response = await fetch(`${portal.url}${path}`, { headers: { "x-request-id": "bad-path-1" } });
        expect(response.status, path).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^text\/html/);
        expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
        expect(await response.text()).toContain("Bad request");
        const lines = info.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("bad percent-encoding"));
        expect(lines).toHaveLength(1);
        expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", requestId: "bad-path-1", path });
      }
      for (const path of ["/api/v0/oidc/clients/%ZZ", "/api/v0/scopes/%E0%A4%A"]) {
        const response = await fetch(`${portal.url}${path}`, { method: "PUT", body: "{}" });
        expect(response.status, path).toBe(400);
        expect(await response.json()).toEqual({ error: "invalid_request", message: expect.stringContaining("percent-encoding") });
      }
      // What decodes is Next.js's to answer, a bad escape in the query too (URLSearchParams keeps it).
      for (const path of ["/clients/%20a", "/clients/%E0%A4%A4", "/clients?q=%ZZ", "/api/v0/oidc/clients?q=%"]) {
        expect((await fetch(`${portal.url}${path}`)).status, path).toBe(200);
      }
    } finally {
      await portal.close();
    }
  });

  it("sends HSTS on every answer when PORTAL_URL is https, and none when it is http", async () => {
    const https = await portalServer({ PORTAL_URL: "https://portal.example" });
    const http_ = await portalServer({ PORTAL_URL: "http://localhost:3000" });
    try {
      const paths = [
        ["/clients", "GET"],
        ["/.well-known/openid-configuration", "GET"],
        ["/oauth/token", "GET"],
        ["/oauth/token", "POST"],
        ["/clients/%ZZ", "GET"],
      ] as const;
      for (const [path, method] of paths) {
        const secure = await fetch(`${https.url}${path}`, {
          method,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: method === "POST" ? "grant_type=client_credentials" : undefined,
        });
        expect(secure.headers.get("strict-transport-security"), `${method} ${path}`).toBe("max-age=31536000");
        const plain = await fetch(`${http_.url}${path}`, {
          method,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: method === "POST" ? "grant_type=client_credentials" : undefined,
        });
        expect(plain.headers.get("strict-transport-security"), `${method} ${path}`).toBeNull();
      }
      const foreign = await fetch(`${https.url}/clients`, { method: "POST", headers: { "next-action": "x", origin: "https://evil.example" } });
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get("strict-transport-security")).toBe("max-age=31536000");
    } finally {
      await Promise.all([https.close(), http_.close()]);
    }
  });

  it("hands Next.js the forwarded origin (X-Forwarded-Host/-Proto/-Port, Forwarded) only from a trusted proxy", async () => {
    const forged = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443", forwarded: "host=evil.example;proto=https" };
    const untrusted = await portalServer({ PORTAL_URL: "http://localhost:3000", TRUSTED_PROXIES: "10.0.0.0/8" });
    const none = await portalServer({ PORTAL_URL: "http://localhost:3000" });
    const trusted = await portalServer({ PORTAL_URL: "http://localhost:3000", TRUSTED_PROXIES: "127.0.0.1" });
    try {
      for (const portal of [untrusted, none]) {
        const seen = (await (await fetch(`${portal.url}/clients`, { headers: forged })).json()) as Record<string, string>;
        for (const name of Object.keys(forged)) expect(seen[name], name).toBeUndefined();
      }
      const seen = (await (await fetch(`${trusted.url}/clients`, { headers: forged })).json()) as Record<string, string>;
      expect(seen).toMatchObject(forged);
      // A server action that names a forged host as its own is refused, as from any foreign origin.
      const action = { "next-action": "x", origin: "https://evil.example", "x-forwarded-host": "evil.example" };
      expect((await fetch(`${untrusted.url}/clients`, { method: "POST", headers: action })).status).toBe(403);
    } finally {
      await Promise.all([untrusted.close(), none.close(), trusted.close()]);
    }
  });
});
