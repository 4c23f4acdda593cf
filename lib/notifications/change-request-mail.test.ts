// Four-eyes mail through the outbox (docs/decisions/030, 022): a waiting request is mailed to the
// admins who may decide it, a decision to its author, in the request's own transaction; a mail
// names client_id and kind only, never a reason, a payload value or a secret. And the audit events
// of requests reach a webhook subscribed to audit.changeRequest.*.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { approveChangeRequest, rejectChangeRequest, revealChangeRequestSecret } from "@/lib/change-requests/actions";
import { isProposed } from "@/lib/change-requests/proposed";
import { bulkChangeClients, createClientSecret, setClientEnabled, updateClient } from "@/lib/clients/actions";
import { clientFormValues } from "@/lib/clients/form-values";
import { getClient } from "@/lib/clients/queries";
import { ALL } from "@/lib/auth/reach";
import type { ActionResult } from "@/lib/actions/result";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { listDeliveries } from "@/lib/deliveries/queries";
import { startSmtpReceiver } from "@/lib/testing/smtp-receiver.mjs";
import { createWebhook } from "@/lib/webhooks/actions";
import { CHANGE_REQUEST_DIGEST_MAIL, CHANGE_REQUEST_MAIL } from "./change-request-mail";
import { createOutboxWorker } from "./worker";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let governedId: string;
let owner: CurrentAdmin;
let author: CurrentAdmin;
let secondEditor: CurrentAdmin;
let salesEditor: CurrentAdmin;
let n = 0;
const worker = () => createOutboxWorker({ settings: { retryBaseMs: 10, leaseMs: 5000 } });
const mailRows = () => prisma.outboxMessage.findMany({ where: { kind: CHANGE_REQUEST_MAIL }, orderBy: { createdAt: "asc" } });
const recipients = async () => (await mailRows()).map((r) => (r.payload as { to: string }).to).sort();

function requestOf(result: ActionResult<unknown>): string {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  if (!isProposed(result.data)) throw new Error("the change was applied directly");
  return result.data.proposed.requestId;
}

/** A governed client in the Sales context (-2). */
async function governedClient() {
  return prisma.client.create({ data: clientRow(`mailed-${++n}`, governedId, { profileContextId: -2 }), select: { id: true, clientId: true } });
}

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  vi.stubEnv("SMTP_URL", smtp.url);
  vi.stubEnv("PORTAL_URL", "https://portal.example.test");
  governedId = (await prisma.profile.create({ data: { identifier: "Governed", displayName: "Governed", requireApproval: true } })).id;
  await prisma.profileContext.createMany({
    data: [
      { id: -2, category: "Department", d0: "Sales" },
      { id: -3, category: "Department", d0: "HR" },
    ],
  });
  owner = await createTestAdmin("owner@example.test");
  author = await createTestAdmin("author@example.test", { role: "Editor" });
  secondEditor = await createTestAdmin("editor2@example.test", { role: "Editor" });
  salesEditor = await createTestAdmin("sales-editor@example.test", { role: "Editor", reach: { kind: "context", profileId: governedId, profileContextId: -2 } });
  // Nobody who may not decide: an Auditor, a disabled Owner, another context's Editor, an invitation not accepted.
  await createTestAdmin("auditor@example.test", { role: "Auditor" });
  const disabled = await createTestAdmin("disabled-owner@example.test");
  await prisma.adminUser.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  await createTestAdmin("hr-editor@example.test", { role: "Editor", reach: { kind: "context", profileId: governedId, profileContextId: -3 } });
  const invited = await createTestAdmin("invited@example.test", { role: "Owner" });
  await prisma.adminUser.update({ where: { id: invited.id }, data: { passwordHash: null, lastSignInAt: null } });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await smtp.close();
});
beforeEach(async () => {
  vi.stubEnv("SMTP_URL", smtp.url);
  await prisma.outboxMessage.deleteMany();
  smtp.mails.length = 0;
});

describe("a waiting change request", () => {
  it("is mailed to each admin who may decide it — not its author — with a link, and no reason or payload value", async () => {
    const client = await governedClient();
    await signInAs(author);
    const { clientId: _immutable, ...values } = clientFormValues((await getClient(client.id, ALL))!);
    const requestId = requestOf(await updateClient({ ...values, description: "payload-value-7731", reason: "reason-text-5512" }));

    expect(await recipients()).toEqual([owner.email, secondEditor.email, salesEditor.email].sort());
    const rows = await mailRows();
    for (const row of rows) {
      expect(row.payload).toEqual({ to: expect.any(String), notice: "waiting", requestId, kind: "update", clientId: client.clientId, by: author.email });
    }
    expect(JSON.stringify(rows)).not.toMatch(/payload-value-7731|reason-text-5512/);
    // The Deliveries page names them and their recipient while they wait.
    const listed = (await listDeliveries()).rows.filter((r) => r.what === "Change request waiting mail");
    expect(listed.map((r) => r.to).sort()).toEqual(await recipients());

    expect(await worker().runOnce()).toBe(3);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(secondEditor.email), 5000);
    expect(mail.subject).toBe(`A change to the client ${client.clientId} waits for your approval`);
    expect(mail.text).toContain(`https://portal.example.test/change-requests/${requestId}`);
    expect(mail.text).toContain(`${author.email} proposed a change to the client ${client.clientId}: change its settings.`);
    expect(smtp.mails.map((m) => m.text).join("\n")).not.toMatch(/payload-value-7731|reason-text-5512/);
    expect(smtp.mails.every((m) => m.envelopeTo.length === 1)).toBe(true);
  });

  it("is not mailed to Editors when the client holds Owner access to the admin API: they could not approve it", async () => {
    const client = await prisma.client.create({
      data: clientRow(`mailed-owner-power-${++n}`, governedId, { adminApiRole: "Owner" }),
      select: { id: true, clientId: true },
    });
    const proposer = await createTestAdmin(`owner-proposer-${n}@example.test`);
    await signInAs(proposer);
    const requestId = requestOf(await setClientEnabled({ id: client.id, enabled: false }));
    expect(await recipients()).toEqual([owner.email]);
    // An Editor would be refused the approval the mail would have asked of them.
    await signInAs(secondEditor);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden" });
    // Out of the other tests' recipients.
    await prisma.adminUser.update({ where: { id: proposer.id }, data: { disabledAt: new Date() } });
  });

  it("is one digest per decider for a bulk action's requests, naming each client; not sent once they are all decided", async () => {
    const clients = [await governedClient(), await governedClient(), await governedClient()];
    await signInAs(author);
    const result = await bulkChangeClients({ target: { kind: "selection", ids: clients.map((c) => c.id) }, action: { kind: "disable" }, reason: "bulk" });
    expect(result).toMatchObject({ ok: true, data: { proposed: 3 } });
    expect(await mailRows()).toEqual([]);
    const digests = await prisma.outboxMessage.findMany({ where: { kind: CHANGE_REQUEST_DIGEST_MAIL } });
    expect(digests.map((r) => (r.payload as { to: string }).to).sort()).toEqual([owner.email, secondEditor.email, salesEditor.email].sort());
    const listed = (await listDeliveries()).rows.filter((r) => r.what === "Change requests waiting mail (3)");
    expect(listed).toHaveLength(3);

    expect(await worker().runOnce()).toBe(3);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(owner.email), 5000);
    expect(mail.subject).toBe("3 changes to clients wait for your approval");
    for (const client of clients) expect(mail.text).toContain(`- ${client.clientId}: disable it`);
    expect(mail.text).toContain("https://portal.example.test/change-requests");
    expect(mail.text).not.toContain("bulk");

    // A second bulk action, decided before its digests go out: nothing is sent.
    smtp.mails.length = 0;
    const more = [await governedClient(), await governedClient()];
    await signInAs(author);
    await bulkChangeClients({ target: { kind: "selection", ids: more.map((c) => c.id) }, action: { kind: "disable" }, reason: "" });
    await signInAs(owner);
    for (const request of await prisma.changeRequest.findMany({ where: { clientInternalId: { in: more.map((c) => c.id) } } })) {
      expect(await rejectChangeRequest({ id: request.id, comment: "no" })).toMatchObject({ ok: true });
    }
    await worker().runOnce();
    expect(smtp.mails.filter((m) => m.subject.includes("wait for your approval"))).toEqual([]);
    const skipped = await prisma.outboxMessage.findMany({ where: { kind: CHANGE_REQUEST_DIGEST_MAIL, lastError: { not: null } } });
    expect(skipped.map((r) => r.lastError)).toEqual(Array(3).fill("Not sent: every change request was decided meanwhile"));
  });

  it("writes nothing when mail is off", async () => {
    vi.stubEnv("SMTP_URL", "");
    const client = await governedClient();
    await signInAs(author);
    requestOf(await setClientEnabled({ id: client.id, enabled: false }));
    expect(await mailRows()).toEqual([]);
  });

  it("is not sent once the request was decided meanwhile", async () => {
    const client = await governedClient();
    await signInAs(author);
    const requestId = requestOf(await setClientEnabled({ id: client.id, enabled: false }));
    await signInAs(owner);
    expect(await rejectChangeRequest({ id: requestId, comment: "not now" })).toMatchObject({ ok: true });
    await worker().runOnce();
    expect(smtp.mails.map((m) => m.envelopeTo[0])).toEqual([author.email]);
    const waiting = (await mailRows()).filter((r) => (r.payload as { notice: string }).notice === "waiting");
    expect(waiting.map((r) => r.lastError)).toEqual(Array(3).fill("Not sent: the change request was rejected meanwhile"));
  });
});

describe("a decided change request", () => {
  it("is mailed to its author: approved (its secret never in the outbox or the mail), rejected, stale", async () => {
    const client = await governedClient();
    await signInAs(author);
    const secretRequest = requestOf(await createClientSecret({ id: client.id, description: "ci", expiresAt: "" }));
    const rejected = requestOf(await setClientEnabled({ id: client.id, enabled: false }));
    const { clientId: _immutable, ...values } = clientFormValues((await getClient(client.id, ALL))!);
    const stale = requestOf(await updateClient({ ...values, displayName: "Later" }));
    await prisma.outboxMessage.deleteMany();

    await signInAs(owner);
    expect(await approveChangeRequest({ id: secretRequest })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect(await rejectChangeRequest({ id: rejected, comment: "comment-text-9043" })).toMatchObject({ ok: true });
    // The client's version moved (not through a request): the update is stale.
    await prisma.client.update({ where: { id: client.id }, data: { version: { increment: 1 } } });
    expect(await approveChangeRequest({ id: stale })).toMatchObject({ ok: true, data: { status: "stale" } });

    const rows = await mailRows();
    expect(
      rows.map((r) => [(r.payload as { to: string }).to, (r.payload as { notice: string }).notice, (r.payload as { requestId: string }).requestId]),
    ).toEqual([
      [author.email, "approved", secretRequest],
      [author.email, "rejected", rejected],
      [author.email, "stale", stale],
    ]);
    expect(rows.every((r) => (r.payload as { by: string }).by === owner.email)).toBe(true);

    expect(await worker().runOnce()).toBe(3);
    await smtp.waitFor((m) => /was stale/.test(m.subject), 5000);
    expect(smtp.mails.map((m) => m.subject).sort()).toEqual([
      `Your change request for the client ${client.clientId} was approved`,
      `Your change request for the client ${client.clientId} was rejected`,
      `Your change request for the client ${client.clientId} was stale`,
    ]);

    await signInAs(author);
    const revealed = await revealChangeRequestSecret({ id: secretRequest });
    if (!revealed.ok || revealed.data.expired) throw new Error("expected the secret");
    const everything = JSON.stringify([await prisma.outboxMessage.findMany(), smtp.mails]);
    expect(everything).not.toContain(revealed.data.value);
    expect(everything).not.toContain("comment-text-9043");
  });

  it("writes no mail when the approval fails after the claim (the outbox rolls back with it)", async () => {
    const strong = await prisma.client.create({
      data: clientRow(`mailed-owner-access-${++n}`, governedId, { adminApiRole: "Owner", enabled: false }),
      select: { id: true },
    });
    await signInAs(owner);
    const requestId = requestOf(await setClientEnabled({ id: strong.id, enabled: true }));
    await prisma.outboxMessage.deleteMany();
    // An Editor may not re-enable an Owner-access client: the approval is claimed (and its mail
    // written) before the change is applied and refused, so all of it rolls back.
    await signInAs(secondEditor);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "open" });
    expect(await mailRows()).toEqual([]);
  });
});

describe("webhooks", () => {
  it("deliver the requests' audit events to an endpoint subscribed to audit.changeRequest.*, without a secret", async () => {
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    await signInAs(owner);
    const hook = await createWebhook({ url: "http://127.0.0.1:9/siem", description: "siem", events: ["audit.changeRequest.*"] });
    if (!hook.ok) throw new Error(hook.message);
    const client = await governedClient();
    await signInAs(author);
    const requestId = requestOf(await createClientSecret({ id: client.id, description: "hooked", expiresAt: "" }));
    await signInAs(owner);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: true });

    const messages = await prisma.webhookMessage.findMany({ where: { endpointId: hook.data.id }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => m.type)).toEqual(["audit.changeRequest.proposed", "audit.changeRequest.approved"]);
    expect(messages[0]!.payload).toMatchObject({ data: { target: { type: "changeRequest", id: requestId }, actor: { label: author.email } } });
    // Only the request's events: the applied secret.created is another area's.
    await signInAs(author);
    const revealed = await revealChangeRequestSecret({ id: requestId });
    if (!revealed.ok || revealed.data.expired) throw new Error("expected the secret");
    const all = await prisma.webhookMessage.findMany({ where: { endpointId: hook.data.id } });
    expect(all.map((m) => m.type)).toContain("audit.changeRequest.secretRevealed");
    expect(JSON.stringify(all)).not.toContain(revealed.data.value);
  });
});
