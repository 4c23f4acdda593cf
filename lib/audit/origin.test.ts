// Every audit event names the request it came from: the caller's address (as the server resolved it
// through TRUSTED_PROXIES), its User-Agent and the request id — for an admin's server action, a
// portal download, an API client's call. (The protocol endpoints' events: lib/oauth/protocol-server.test.ts.)
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as scopesRoute from "@/app/api/v0/scopes/route";
import * as providerExportRoute from "@/app/(portal)/providers/export/route";
import type { CurrentAdmin } from "@/lib/auth/session";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { issueAccessToken } from "@/lib/oauth/access-token";
import { createScope } from "@/lib/scopes/actions";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { originOf, storedUserAgent, USER_AGENT_MAX_LENGTH } from "./origin";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
const request = vi.hoisted(() => ({ headers: {} as Record<string, string> }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(request.headers), cookies: async () => ({ get: () => undefined }) }));

const UA = "Mozilla/5.0 (X11; Linux x86_64) AuditTest/1.0";

let owner: CurrentAdmin;
let profileId: string;

beforeAll(async () => {
  owner = await createTestAdmin("origin-owner@example.test");
  profileId = (await prisma.profile.create({ data: { identifier: "Administrator", displayName: "Administrator" } })).id;
});

beforeEach(() => signInAs(owner));

describe("originOf", () => {
  it("reads the address the server set, the User-Agent and the request id", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "::ffff:203.0.113.9", "user-agent": UA, "x-request-id": "lb-42" });
    expect(originOf(headers)).toEqual({ address: "203.0.113.9", userAgent: UA, requestId: "lb-42" });
  });

  it("takes the address it is given over the header (the protocol server's), and null for what it cannot read", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.1", "x-request-id": "not a token" });
    expect(originOf(headers, "2001:DB8::1")).toEqual({ address: "2001:db8::1", userAgent: null, requestId: null });
    expect(originOf(new Headers({ [CLIENT_ADDRESS_HEADER]: "unknown" }))).toEqual({ address: null, userAgent: null, requestId: null });
  });

  it("cuts a long User-Agent, turns control characters into spaces, and never leaves half a character", () => {
    expect(storedUserAgent("x".repeat(5000))).toHaveLength(USER_AGENT_MAX_LENGTH);
    expect(storedUserAgent("a\tb\u0001c")).toBe("a b c");
    expect(storedUserAgent("   ")).toBeNull();
    const cutInPair = storedUserAgent(`${"x".repeat(USER_AGENT_MAX_LENGTH - 1)}😀tail`)!;
    expect(cutInPair).toBe("x".repeat(USER_AGENT_MAX_LENGTH - 1));
    expect(cutInPair.isWellFormed()).toBe(true);
  });
});

describe("the request on every audit event", () => {
  it("a server action: the admin's address, User-Agent and request id", async () => {
    request.headers = { [CLIENT_ADDRESS_HEADER]: "192.0.2.10", "user-agent": UA, "x-request-id": "req-action-1" };
    const created = await createScope({ name: "origin.action", displayName: "Origin", description: "", enabled: true });
    expect(created.ok).toBe(true);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "scope.created", targetLabel: "origin.action" } });
    expect(event).toMatchObject({ address: "192.0.2.10", userAgent: UA, requestId: "req-action-1" });
  });

  it("a portal download: the request the route handler received", async () => {
    request.headers = {};
    const response = await providerExportRoute.GET(
      new Request("http://portal.test/providers/export", {
        headers: { [CLIENT_ADDRESS_HEADER]: "192.0.2.11", "user-agent": UA, "x-request-id": "req-route-1" },
      }),
    );
    expect(response.status).toBe(200);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "provider.exported" }, orderBy: { at: "desc" } });
    expect(event).toMatchObject({ address: "192.0.2.11", userAgent: UA, requestId: "req-route-1" });
  });

  it("an API client's call: its address, User-Agent and request id", async () => {
    request.headers = {};
    await prisma.client.create({ data: clientRow("origin-bot", profileId, { adminApiRole: "Owner" }) });
    const { token } = await issueAccessToken({ clientId: "origin-bot", alg: "ES256", scopes: [], profile: "Administrator", profileContextId: null });
    const response = await scopesRoute.POST(
      new Request("http://portal.test/api/v0/scopes", {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          [CLIENT_ADDRESS_HEADER]: "2001:db8::7",
          "user-agent": "terraform-provider/2.1",
          "x-request-id": "req-api-1",
        },
        body: JSON.stringify({ name: "origin.api", display_name: "Origin API" }),
      }),
      { params: Promise.resolve({}) as Promise<never> },
    );
    expect(response.status).toBe(201);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "scope.created", targetLabel: "origin.api" } });
    expect(event).toMatchObject({
      actorType: "client",
      actorLabel: "origin-bot",
      address: "2001:db8::7",
      userAgent: "terraform-provider/2.1",
      requestId: "req-api-1",
    });
  });

  it("an event of a request the server did not stamp (no address, no id) keeps nulls, not guesses", async () => {
    request.headers = {};
    const created = await createScope({ name: "origin.none", displayName: "Origin", description: "", enabled: true });
    expect(created.ok).toBe(true);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "scope.created", targetLabel: "origin.none" } });
    expect(event).toMatchObject({ address: null, userAgent: null, requestId: null });
  });
});
