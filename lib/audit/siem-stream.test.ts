// The SIEM stream: every audit event reaches a webhook subscribed to "audit.*" — the log's own
// events (audit.exported, audit.purged by the portal itself), four-eyes decisions (changeRequest.*)
// and token summaries (token.issued) included — delivered by the outbox worker and verified with an
// independent Standard Webhooks implementation (the standardwebhooks package). The test ends by
// checking that each event of the log has its webhook, with the same names as the export.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as exportRoute from "@/app/(portal)/audit/export/route";
import type { CurrentAdmin } from "@/lib/auth/session";
import { approveChangeRequest } from "@/lib/change-requests/actions";
import { isProposed } from "@/lib/change-requests/proposed";
import { createClient, setClientEnabled } from "@/lib/clients/actions";
import { createOutboxWorker } from "@/lib/notifications/worker";
import { NO_ORIGIN } from "@/lib/audit/origin";
import { recordTokensIssued } from "@/lib/oauth/token-usage";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput } from "@/lib/testing/fixtures";
import { createWebhook } from "@/lib/webhooks/actions";
import { saveAuditRetention } from "./actions";
import { purgeAuditEvents } from "./retention";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => ({ get: () => undefined }) }));

type Delivered = { type: string; data: Record<string, unknown> };
const received: { id: string; verified: boolean; payload?: Delivered }[] = [];
let secret = "";
let server: http.Server;
let base: string;
let owner: CurrentAdmin;
let editor: CurrentAdmin;

beforeAll(async () => {
  vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      try {
        received.push({
          id: headers["webhook-id"] ?? "",
          verified: true,
          payload: new Webhook(secret).verify(Buffer.concat(chunks).toString("utf8"), headers) as Delivered,
        });
      } catch {
        received.push({ id: headers["webhook-id"] ?? "", verified: false });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  owner = await createTestAdmin("siem-owner@example.test", { role: "Owner" });
  editor = await createTestAdmin("siem-editor@example.test", { role: "Editor" });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

describe("every audit event goes to a webhook subscribed to audit.*", () => {
  it("the log's own events, four-eyes decisions and token summaries included, signed and with the export's names", async () => {
    await signInAs(owner);
    secret = ok(await createWebhook({ url: `${base}/siem`, description: "SIEM", events: ["audit.*"] })).secret;

    // Four-eyes: an Editor's change to a governed client waits for the Owner, who approves it.
    const profile = await prisma.profile.create({ data: { identifier: "SiemGoverned", displayName: "SIEM governed" } });
    const client = applied(await createClient(clientFormInput(profile.id, { clientId: "siem-client" })));
    await prisma.profile.update({ where: { id: profile.id }, data: { requireApproval: true } });
    await signInAs(editor);
    const proposed = ok(await setClientEnabled({ id: client.id, enabled: false }));
    if (!isProposed(proposed)) throw new Error("the change was applied directly");
    await signInAs(owner);
    ok(await approveChangeRequest({ id: proposed.proposed.requestId, comment: "ok" }));

    // A token summary, the export, the retention and a purge by the portal itself.
    const now = new Date();
    const secretRow = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: client.id }, select: { id: true, hint: true } });
    await recordTokensIssued(
      [client.id],
      now,
      [],
      [{ clientInternalId: client.id, start: now, end: now, origin: NO_ORIGIN, perSecret: new Map([[secretRow.id, 3]]) }],
    );
    expect((await exportRoute.GET(new Request("http://portal.test/audit/export?format=jsonl&action=client.updated"))).status).toBe(200);
    ok(await saveAuditRetention({ mode: "days", days: "30", version: 0 }));
    await prisma.auditEvent.create({
      data: {
        at: new Date(now.getTime() - 40 * 86_400_000),
        actorType: "admin",
        actorId: "x",
        actorLabel: "old",
        action: "old.event",
        targetType: "t",
        targetId: "t",
        targetLabel: "t",
      },
    });
    expect((await purgeAuditEvents(prisma, now)).deleted).toBe(1);

    // The outbox worker delivers them all; each verifies.
    const worker = createOutboxWorker({ settings: { pollMs: 60_000 } });
    while ((await worker.runOnce()) > 0);
    await worker.stop();
    expect(received.every((r) => r.verified)).toBe(true);

    const events = await prisma.auditEvent.findMany({ orderBy: [{ at: "asc" }, { id: "asc" }] });
    const actions = events.map((e) => e.action);
    for (const action of [
      "webhook.created",
      "client.created",
      "changeRequest.proposed",
      "changeRequest.approved",
      "client.disabled",
      "token.issued",
      "audit.exported",
      "auditSettings.updated",
      "audit.purged",
    ]) {
      expect(actions, action).toContain(action);
    }
    // One delivery per event of the log, with the same actor, target and changes.
    const delivered = received.map((r) => r.payload!);
    for (const event of events) {
      const match = delivered.filter(
        (d) =>
          d.type === `audit.${event.action}` &&
          (d.data.target as { id: string }).id === event.targetId &&
          JSON.stringify(d.data.changes) === JSON.stringify(event.changes),
      );
      expect(match, event.action).toHaveLength(1);
      expect(match[0]!.data).toMatchObject({
        action: event.action,
        actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
        target: { type: event.targetType, id: event.targetId, label: event.targetLabel },
        address: event.address,
        userAgent: event.userAgent,
        requestId: event.requestId,
      });
    }
    expect(delivered).toHaveLength(events.length);
    expect(delivered.find((d) => d.type === "audit.audit.purged")!.data).toMatchObject({
      actor: { type: "system", label: "system" },
      changes: { deleted: 1, retentionDays: 30 },
    });
    expect(delivered.find((d) => d.type === "audit.token.issued")!.data.changes).toMatchObject({
      tokens: 3,
      secrets: [{ id: secretRow.id, hint: secretRow.hint, tokens: 3 }],
    });

    // The same events exported as JSON lines follow the documented schema, token summaries and
    // purges with their own shapes (an older token.issued, { note }, too).
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../docs/audit-event.schema.json"), "utf8")));
    await prisma.auditEvent.create({
      data: {
        actorType: "client",
        actorId: client.id,
        actorLabel: "siem-client",
        action: "token.issued",
        targetType: "client",
        targetId: client.id,
        targetLabel: "siem-client",
        changes: { note: "at most one event a minute per client" },
      },
    });
    const exported = await (await exportRoute.GET(new Request("http://portal.test/audit/export?format=jsonl"))).text();
    const lines = exported
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { action: string; changes: Record<string, unknown> | null });
    expect(lines.length).toBeGreaterThanOrEqual(events.length);
    for (const line of lines) expect(validate(line) ? [] : validate.errors, JSON.stringify(line)).toEqual([]);
    const purged = lines.find((l) => l.action === "audit.purged")!;
    expect(validate({ ...purged, changes: { ...purged.changes, deleted: "all" } })).toBe(false);
    const summary = lines.find((l) => l.action === "token.issued" && l.changes && "tokens" in l.changes)!;
    expect(validate({ ...summary, changes: { ...summary.changes, secrets: [{ id: "x", hint: "y", tokens: 1, hash: "z" }] } })).toBe(false);
  });
});
