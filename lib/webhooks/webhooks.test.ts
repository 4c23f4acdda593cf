// Webhooks end to end below the browser: the actions of /webhooks against the real database, and
// deliveries to a local HTTP receiver that checks every signature with an independent
// implementation of Standard Webhooks (the standardwebhooks package).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { actorOf } from "@/lib/audit/audit";
import { isEnvelope } from "@/lib/crypto/encryption";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { anyWebhookEndpoint, deliverWebhook } from "@/lib/notifications/webhooks";
import { createWebhook, deleteWebhook, redeliverWebhook, rotateWebhookSecret, sendTestWebhook, setWebhookEnabled } from "./actions";
import { auditWebhookEvent, eventChoices } from "./events";
import { webhookEvents } from "./service";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => ({ get: () => undefined }) }));

/** What the receiver answers next: a status, or "hang" (never answers). The default is 204. */
const script: (number | "hang")[] = [];
/** Every request it got, with the verifier's verdict. */
const received: { headers: http.IncomingHttpHeaders; body: string; verified: boolean; payload?: unknown }[] = [];
let secretOfReceiver = "";
let server: http.Server;
let url: string;

beforeAll(async () => {
  vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      let payload: unknown;
      try {
        payload = new Webhook(secretOfReceiver).verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ headers: req.headers, body, verified, payload });
      const next = script.shift() ?? 204;
      if (next === "hang") return; // answers never; the portal's deadline ends it
      res.writeHead(verified ? next : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let owner: CurrentAdmin;
let editor: CurrentAdmin;
let auditor: CurrentAdmin;

beforeAll(async () => {
  owner = await createTestAdmin("webhook-owner@example.test", { role: "Owner" });
  editor = await createTestAdmin("webhook-editor@example.test", { role: "Editor" });
  auditor = await createTestAdmin("webhook-auditor@example.test", { role: "Auditor" });
});

beforeEach(async () => {
  await signInAs(owner);
  await prisma.webhookEndpoint.deleteMany();
  script.length = 0;
  received.length = 0;
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

async function addWebhook(events = ["audit.*"]) {
  const created = ok(await createWebhook({ url, description: "SIEM", events }));
  secretOfReceiver = created.secret;
  return created;
}

describe("creating a webhook", () => {
  it("returns a Standard Webhooks secret once and stores it only encrypted", async () => {
    const created = await addWebhook(["secret.expiring", "audit.*"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id }, select: { secretEncrypted: true, events: true, createdBy: true } });
    expect(isEnvelope(row.secretEncrypted)).toBe(true);
    expect(row.secretEncrypted).not.toContain(created.secret.slice(6, 20));
    expect(row.events).toEqual(["audit.*", "secret.expiring"]);
    expect(row.createdBy).toBe(owner.email);
    // Read by default, the row never carries the secret (lib/db/client.ts omits it).
    expect(Object.keys((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } })) as object)).not.toContain("secretEncrypted");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "webhook.created", targetId: created.id } });
    expect(audit.actorLabel).toBe(owner.email);
    expect(JSON.stringify(audit.changes)).not.toContain(created.secret);
  });

  it("gets the event of its own creation, and of its enabling, even as the portal's first endpoint (ADR 025)", async () => {
    /** The audit events of `action` about `target` that endpoint `id` has queued. */
    const own = async (id: string, action: string, target = id) =>
      (await prisma.webhookMessage.findMany({ where: { endpointId: id, type: `audit.${action}` }, select: { payload: true } })).filter(
        (m) => (m.payload as { data: { target: { id: string } } }).data.target.id === target,
      ).length;
    // "No enabled endpoint", cached at the current change epoch (as the expiry scan leaves it).
    expect(await anyWebhookEndpoint(prisma)).toBe(false);
    const first = await addWebhook();
    expect(await own(first.id, "webhook.created")).toBe(1);
    const second = await addWebhook();
    expect(await own(second.id, "webhook.created")).toBe(1);
    expect(await own(first.id, "webhook.created", second.id)).toBe(1);

    ok(await deleteWebhook({ id: second.id }));
    ok(await setWebhookEnabled({ id: first.id, enabled: false }));
    expect(await anyWebhookEndpoint(prisma)).toBe(false);
    ok(await setWebhookEnabled({ id: first.id, enabled: true }));
    expect(await own(first.id, "webhook.enabled")).toBe(1);
  });

  it("refuses plain http to a public host, a non-URL, unknown events and none at all (every field error)", async () => {
    const refused = await createWebhook({ url: "http://example.com/hook", description: "", events: [] });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual(["events", "url"]);
    for (const events of [["audit"], ["client.created"], ["audit.*.x"], ["*"]]) {
      expect((await createWebhook({ url: "https://siem.example.com/hook", description: "", events })).ok).toBe(false);
    }
    expect((await createWebhook({ url: "ftp://siem.example.com/", description: "", events: ["audit.*"] })).ok).toBe(false);
    expect((await createWebhook({ url: "https://siem.example.com/hook", description: "", events: ["audit.client.*"] })).ok).toBe(true);
  });

  it("refuses http to loopback unless ALLOW_PRIVATE_PROVIDER_HOSTS=true", async () => {
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "");
    try {
      const refused = await createWebhook({ url, description: "", events: ["audit.*"] });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.fieldErrors?.url?.[0]).toMatch(/https/);
    } finally {
      vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    }
  });
});

describe("who may configure webhooks", () => {
  it("refuses Editors and Auditors every webhook action", async () => {
    const { id } = await addWebhook();
    const message = (await prisma.webhookMessage.findFirst())?.id ?? "none";
    for (const who of [editor, auditor]) {
      await signInAs(who);
      const results = await Promise.all([
        createWebhook({ url, description: "", events: ["audit.*"] }),
        setWebhookEnabled({ id, enabled: false }),
        deleteWebhook({ id }),
        rotateWebhookSecret({ id }),
        sendTestWebhook({ id }),
        redeliverWebhook({ messageId: message }),
      ]);
      for (const result of results) expect(result).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(received).toHaveLength(0);
    expect(await prisma.webhookEndpoint.findUnique({ where: { id } })).toMatchObject({ enabled: true });
  });
});

describe("delivering", () => {
  it("sends a signed test event the independent verifier accepts, and logs the attempt", async () => {
    const { id, secret } = await addWebhook();
    const result = ok(await sendTestWebhook({ id }));
    expect(result).toEqual({ delivered: true, summary: "Delivered: the receiver answered 204." });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.verified).toBe(true);
    expect(got!.payload).toMatchObject({ type: "webhook.test", data: { endpointId: id, sentBy: owner.email } });
    expect(Object.keys(got!.payload as object).sort()).toEqual(["data", "timestamp", "type"]);
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(Math.abs(Number(got!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(10);
    expect(got!.body).not.toContain(secret);
    const message = await prisma.webhookMessage.findUniqueOrThrow({ where: { id: String(got!.headers["webhook-id"]) }, include: { attempts: true } });
    expect(message.deliveredAt).not.toBeNull();
    expect(message.attempts).toEqual([expect.objectContaining({ number: 1, ok: true, statusCode: 204, errorClass: null })]);
    expect(await prisma.auditEvent.count({ where: { action: "webhook.testSent", targetId: id } })).toBe(1);
  });

  it("records a 500 and a timeout as failed attempts, then delivers the same webhook-id once", async () => {
    const { id } = await addWebhook(["audit.client.*"]);
    // An audit event queued the way the outbox will: the messages in the change's transaction.
    const queued = await prisma.$transaction((tx) =>
      webhookEvents(tx, auditWebhookEvent(actorOf(owner), { action: "client.created", target: { type: "client", id: "c1", label: "orders" } })),
    );
    expect(queued).toEqual([{ endpointId: id, messageId: expect.stringMatching(/^msg_/) }]);
    script.push(500, "hang");
    // A short deadline only for the attempt that hangs: a busy machine may take longer than that to answer.
    expect(await deliverWebhook(queued[0]!)).toMatchObject({ outcome: "retry", attempt: 1, error: "http_status", statusCode: 500 });
    expect(await deliverWebhook(queued[0]!, { timeoutMs: 300 })).toMatchObject({ outcome: "retry", attempt: 2, error: "timeout" });
    expect(await deliverWebhook(queued[0]!)).toMatchObject({ outcome: "delivered", attempt: 3, statusCode: 204 });

    expect(received).toHaveLength(3);
    expect(received.every((r) => r.verified)).toBe(true);
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([queued[0]!.messageId]));
    expect(received[2]!.payload).toMatchObject({ type: "audit.client.created", data: { action: "client.created", target: { id: "c1" } } });
    const attempts = await prisma.webhookAttempt.findMany({ where: { messageId: queued[0]!.messageId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => [a.number, a.ok, a.statusCode, a.errorClass])).toEqual([
      [1, false, 500, "http_status"],
      [2, false, null, "timeout"],
      [3, true, 204, null],
    ]);
    expect(attempts[1]!.durationMs).toBeGreaterThanOrEqual(250);
  });

  it("redelivers a logged message with the same webhook-id, a new attempt and an audit event", async () => {
    const { id } = await addWebhook();
    ok(await sendTestWebhook({ id }));
    const messageId = String(received[0]!.headers["webhook-id"]);
    script.push(503);
    expect(ok(await redeliverWebhook({ messageId }))).toMatchObject({ delivered: false, summary: expect.stringContaining("503") });
    expect(ok(await redeliverWebhook({ messageId }))).toMatchObject({ delivered: true });
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId, messageId]);
    expect(await prisma.webhookAttempt.count({ where: { messageId } })).toBe(3);
    expect(await prisma.auditEvent.count({ where: { action: "webhook.redelivered", targetId: id } })).toBe(2);
    expect((await redeliverWebhook({ messageId: "msg_gone" })).ok).toBe(false);
  });

  it("sends each event only to the enabled endpoints that subscribe to its type", async () => {
    const all = await addWebhook(["audit.*"]);
    const clients = await addWebhook(["audit.client.*"]);
    const expiring = await addWebhook(["secret.expiring"]);
    const off = await addWebhook(["audit.*"]);
    ok(await setWebhookEnabled({ id: off.id, enabled: false }));
    const event = auditWebhookEvent(actorOf(owner), { action: "scope.deleted", target: { type: "scope", id: "s", label: "s" } });
    const queued = await prisma.$transaction((tx) => webhookEvents(tx, event));
    expect(queued.map((q) => q.endpointId)).toEqual([all.id]);
    const forClient = await prisma.$transaction((tx) =>
      webhookEvents(tx, auditWebhookEvent(actorOf(owner), { action: "client.updated", target: { type: "client", id: "c", label: "c" } })),
    );
    expect(forClient.map((q) => q.endpointId).sort()).toEqual([all.id, clients.id].sort());
    expect(expiring.id).toBeTruthy();
    // A disabled endpoint's message is given up, not sent.
    const [offMessage] = await prisma.$transaction(async (tx) => {
      await tx.webhookEndpoint.update({ where: { id: off.id }, data: { enabled: true } });
      const q = await webhookEvents(tx, event);
      await tx.webhookEndpoint.update({ where: { id: off.id }, data: { enabled: false } });
      return q.filter((x) => x.endpointId === off.id);
    });
    expect(await deliverWebhook(offMessage!)).toMatchObject({ outcome: "give-up" });
    expect(received).toHaveLength(0);
  });

  it("gives up on a URL the SSRF guard refuses, and records it as blocked", async () => {
    const { id } = await addWebhook();
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "");
    try {
      expect(ok(await sendTestWebhook({ id }))).toMatchObject({ delivered: false });
    } finally {
      vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    }
    expect(received).toHaveLength(0);
    const attempt = await prisma.webhookAttempt.findFirstOrThrow({ where: { message: { endpointId: id } } });
    expect(attempt).toMatchObject({ ok: false, statusCode: null, errorClass: "blocked" });
  });
});

describe("rotating, disabling and deleting", () => {
  it("a rotated secret signs from then on; the old one no longer verifies", async () => {
    const { id, secret: old } = await addWebhook();
    const rotated = ok(await rotateWebhookSecret({ id }));
    expect(rotated.secret).not.toBe(old);
    secretOfReceiver = rotated.secret;
    ok(await sendTestWebhook({ id }));
    expect(received[0]!.verified).toBe(true);
    const body = received[0]!.body;
    const headers = Object.fromEntries(Object.entries(received[0]!.headers).map(([k, v]) => [k, String(v)]));
    expect(() => new Webhook(old).verify(body, headers)).toThrow();
    expect(await prisma.auditEvent.count({ where: { action: "webhook.secretRotated", targetId: id } })).toBe(1);
  });

  it("disables, enables and deletes (with the delivery log), each audited", async () => {
    const { id } = await addWebhook();
    ok(await sendTestWebhook({ id }));
    ok(await setWebhookEnabled({ id, enabled: false }));
    ok(await setWebhookEnabled({ id, enabled: true }));
    ok(await deleteWebhook({ id }));
    expect(await prisma.webhookEndpoint.findUnique({ where: { id } })).toBeNull();
    expect(await prisma.webhookMessage.count({ where: { endpointId: id } })).toBe(0);
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["webhook.created", "webhook.testSent", "webhook.disabled", "webhook.enabled", "webhook.deleted"]);
    expect((await deleteWebhook({ id })).ok).toBe(false);
  });
});

describe("secrets stay secret", () => {
  it("no signing secret in clear anywhere in the database: endpoints, messages, attempts, audit", async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id, secret } = await addWebhook();
      secrets.push(secret, ok(await rotateWebhookSecret({ id })).secret);
      secretOfReceiver = secrets.at(-1)!;
      ok(await sendTestWebhook({ id }));
    }
    const contents = await databaseContents();
    for (const secret of secrets) {
      expect(contents.includes(Buffer.from(secret))).toBe(false);
      expect(contents.includes(Buffer.from(secret.slice("whsec_".length)))).toBe(false);
    }
  });
});

describe("event choices", () => {
  it("offers expiry warnings, every audit event, and one choice per area of the existing audit actions", () => {
    expect(eventChoices(["client.created", "client.updated", "scope.deleted"], ["audit.provider.*"]).map((c) => c.value)).toEqual([
      "secret.expiring",
      "audit.*",
      "audit.client.*",
      "audit.provider.*",
      "audit.scope.*",
    ]);
  });
});
