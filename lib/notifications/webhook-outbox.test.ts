// Webhooks through the outbox: an audited change and an expiry warning reach a local HTTP receiver
// that checks every signature with an independent implementation of Standard Webhooks (the
// standardwebhooks package), delivered by the outbox worker with its retries, across restarts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createScope } from "@/lib/scopes/actions";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { createWebhook, setWebhookEnabled } from "@/lib/webhooks/actions";
import { scanSecretExpiry } from "./secret-expiry";
import { DEFAULT_WEBHOOK_TIMEOUT_MS, WEBHOOK_DELIVERY } from "./webhooks";
import { createOutboxWorker } from "./worker";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => ({ get: () => undefined }) }));

/** What the receiver answers next: a status, or "hang" (never answers). The default is 204. */
const script: (number | "hang")[] = [];
/** Every request it got, by path, with the verifier's verdict. */
const received: { path: string; id: string; body: string; verified: boolean; payload?: { type: string; data: Record<string, unknown> } }[] = [];
/** The signing secret of each path's endpoint. */
const secrets = new Map<string, string>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
  // The default deadline (10 s): a busy machine can take longer than a short one to answer. The
  // test of a receiver that hangs shortens it for that one attempt.
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "";
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      let payload: (typeof received)[number]["payload"];
      try {
        payload = new Webhook(secrets.get(path) ?? "whsec_AAAA").verify(body, headers) as typeof payload;
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ path, id: headers["webhook-id"] ?? "", body, verified, payload });
      const next = script.shift() ?? 204;
      if (next === "hang") return; // answers never; the portal's deadline ends it
      res.writeHead(verified ? next : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let owner: CurrentAdmin;
beforeAll(async () => {
  owner = await createTestAdmin("outbox-webhook-owner@example.test", { role: "Owner" });
});

beforeEach(async () => {
  await signInAs(owner);
  await prisma.webhookEndpoint.deleteMany();
  await prisma.outboxMessage.deleteMany();
  script.length = 0;
  received.length = 0;
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

async function addWebhook(path: string, events: string[]) {
  const created = ok(await createWebhook({ url: `${base}${path}`, description: path, events }));
  secrets.set(path, created.secret);
  return created;
}

/** The clock the workers see: moved on past each retry's back-off. */
let now = Date.now();
/** A worker as a fresh server process would start it (short back-off; the test drives it). */
const worker = () =>
  createOutboxWorker({ now: () => new Date(now), settings: { retryBaseMs: 1000, retryMaxMs: 1000, maxAttempts: 5, leaseMs: 60_000, pollMs: 60_000 } });
const webhookRows = () => prisma.outboxMessage.findMany({ where: { kind: WEBHOOK_DELIVERY }, orderBy: { createdAt: "asc" } });

let scopes = 0;
const newScope = () => createScope({ name: `wired.scope${++scopes}`, displayName: "Wired", description: "", enabled: true });

describe("audit events as webhooks", () => {
  it("delivers an audited change once, signed, to each subscribed enabled endpoint and to no other", async () => {
    const siem = await addWebhook("/siem", ["audit.scope.*"]);
    await addWebhook("/clients-only", ["audit.client.*"]);
    const off = await addWebhook("/disabled", ["audit.*"]);
    ok(await setWebhookEnabled({ id: off.id, enabled: false }));
    await prisma.outboxMessage.deleteMany();

    ok(await newScope());
    const rows = await webhookRows();
    expect(rows).toHaveLength(1);
    // Only the two ids: the body is the message's, the signing secret the endpoint's.
    expect(Object.keys(rows[0]!.payload as object).sort()).toEqual(["endpointId", "messageId"]);
    expect(rows[0]!.payload).toMatchObject({ endpointId: siem.id });

    now = Date.now();
    expect(await worker().runOnce()).toBe(1);
    expect(await worker().runOnce()).toBe(0);
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit).toMatchObject({ path: "/siem", verified: true, id: (rows[0]!.payload as { messageId: string }).messageId });
    expect(hit!.payload).toMatchObject({ type: "audit.scope.created", data: { action: "scope.created", actor: { type: "admin", label: owner.email } } });
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: rows[0]!.id } })).toMatchObject({ attempts: 1, failedAt: null, lastError: null });
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: rows[0]!.id } })).deliveredAt).not.toBeNull();
  });

  it("retries after a 500 and a timeout, across restarts, then delivers the same webhook-id exactly once more", async () => {
    await addWebhook("/flaky", ["audit.*"]);
    await prisma.outboxMessage.deleteMany();
    script.push(500, "hang");
    ok(await newScope());
    const [row] = await webhookRows();
    const messageId = (row!.payload as { messageId: string }).messageId;

    // Each attempt by a new worker, as after a restart of the portal: the row is all it needs.
    now = Date.now();
    expect(await worker().runOnce()).toBe(1);
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({
      attempts: 1,
      deliveredAt: null,
      failedAt: null,
      lastError: "Attempt 1 failed: http_status 500.",
    });
    expect(await worker().runOnce()).toBe(0); // backing off
    now += 1500;
    vi.stubEnv("WEBHOOK_TIMEOUT_MS", "300");
    expect(await worker().runOnce()).toBe(1);
    vi.stubEnv("WEBHOOK_TIMEOUT_MS", String(DEFAULT_WEBHOOK_TIMEOUT_MS));
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({
      attempts: 2,
      deliveredAt: null,
      lastError: "Attempt 2 failed: timeout.",
    });
    now += 1500;
    expect(await worker().runOnce()).toBe(1);
    now += 60_000;
    expect(await worker().runOnce()).toBe(0);

    expect(received.map((r) => [r.id, r.verified])).toEqual([
      [messageId, true],
      [messageId, true],
      [messageId, true],
    ]);
    const attempts = await prisma.webhookAttempt.findMany({ where: { messageId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => [a.number, a.ok, a.statusCode, a.errorClass])).toEqual([
      [1, false, 500, "http_status"],
      [2, false, null, "timeout"],
      [3, true, 204, null],
    ]);
    const settled = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row!.id } });
    expect(settled).toMatchObject({ attempts: 3, failedAt: null, lastError: null, nextAttemptAt: null });
    expect(settled.deliveredAt).not.toBeNull();
  });

  it("gives the message up when its endpoint was disabled before delivery", async () => {
    const hook = await addWebhook("/later-off", ["audit.*"]);
    await prisma.outboxMessage.deleteMany();
    ok(await newScope());
    await prisma.webhookEndpoint.update({ where: { id: hook.id }, data: { enabled: false } });
    const [row] = await webhookRows();
    now = Date.now();
    await worker().runOnce();
    expect(received).toHaveLength(0);
    const settled = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row!.id } });
    expect(settled.failedAt).not.toBeNull();
    expect(settled.lastError).toBe("The webhook is disabled.");
  });
});

describe("secret expiry warnings as webhooks", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const start = new Date("2027-03-01T12:00:00Z");

  it("reaches a secret.expiring endpoint once per threshold, without mail, never naming the secret's hash", async () => {
    const hook = await addWebhook("/expiry", ["secret.expiring"]);
    await addWebhook("/audit", ["audit.*"]);
    const profile = await prisma.profile.create({ data: { identifier: "WiredExpiry", displayName: "Wired expiry" } });
    const client = await prisma.client.create({ data: clientRow("wired-api", profile.id) });
    const hash = "hash-wired-never-sent-anywhere";
    const secret = await prisma.secret.create({
      data: {
        clientInternalId: client.id,
        hash,
        hint: "WXYZ",
        description: "wired key",
        expiresAt: new Date(start.getTime() + 20 * DAY),
        createdBy: owner.email,
        createdAt: start,
      },
    });
    await prisma.outboxMessage.deleteMany();

    expect(await scanSecretExpiry(start, prisma, { mail: false })).toBe(1);
    expect(await scanSecretExpiry(start, prisma, { mail: false })).toBe(0); // written already
    const rows = await prisma.outboxMessage.findMany();
    expect(rows.map((r) => [r.kind, (r.payload as { endpointId: string }).endpointId])).toEqual([[WEBHOOK_DELIVERY, hook.id]]);
    now = start.getTime();
    expect(await worker().runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: "/expiry", verified: true });
    expect(received[0]!.payload).toMatchObject({
      type: "secret.expiring",
      data: { secret: { id: secret.id, hint: "WXYZ" }, owner: { type: "client", id: client.id }, daysLeft: 20 },
    });

    // The 7-day threshold: one more, once.
    const lastWeek = new Date(start.getTime() + 14 * DAY);
    expect(await scanSecretExpiry(lastWeek, prisma, { mail: false })).toBe(1);
    expect(await scanSecretExpiry(lastWeek, prisma, { mail: false })).toBe(0);
    now = lastWeek.getTime();
    expect(await worker().runOnce()).toBe(1);
    expect(received.map((r) => [r.path, r.payload?.data.daysLeft])).toEqual([
      ["/expiry", 20],
      ["/expiry", 6],
    ]);

    const stored = JSON.stringify([await prisma.outboxMessage.findMany(), await prisma.webhookMessage.findMany(), await prisma.webhookAttempt.findMany()]);
    const sent = received.map((r) => r.body).join("\n");
    for (const text of [stored, sent]) {
      expect(text).not.toContain(hash);
      for (const signing of secrets.values()) expect(text).not.toContain(signing.slice("whsec_".length));
    }
  });

  it("writes nothing when neither mail nor any webhook is on", async () => {
    const profile = await prisma.profile.create({ data: { identifier: "Quiet", displayName: "Quiet" } });
    const client = await prisma.client.create({ data: clientRow("quiet-api", profile.id) });
    await prisma.secret.create({
      data: {
        clientInternalId: client.id,
        hash: "hash-quiet",
        hint: "QQQQ",
        description: "quiet",
        expiresAt: new Date(start.getTime() + 5 * DAY),
        createdBy: owner.email,
        createdAt: start,
      },
    });
    expect(await scanSecretExpiry(start, prisma, { mail: false })).toBe(0);
    expect(await prisma.outboxMessage.count()).toBe(0);
  });
});
