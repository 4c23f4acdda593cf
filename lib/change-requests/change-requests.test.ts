// Four-eyes change requests (docs/decisions/030), through the client actions and the decision
// actions, signed in as the people involved: a governed profile turns changes into requests, and
// only someone else who holds the power to make the change applies one.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/result";
import { ALL } from "@/lib/auth/reach";
import type { CurrentAdmin } from "@/lib/auth/session";
import { clientFormValues } from "@/lib/clients/form-values";
import { getClient } from "@/lib/clients/queries";
import { addTrialRedirectUri, createClient, createClientSecret, rotateClientSecret, setClientEnabled, updateClient } from "@/lib/clients/actions";
import { isEnvelope } from "@/lib/crypto/encryption";
import { hashSecret } from "@/lib/secrets/secret";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput } from "@/lib/testing/fixtures";
import { updateProfile } from "@/lib/profiles/actions";
import { approveChangeRequest, rejectChangeRequest, revealChangeRequestSecret, withdrawChangeRequest } from "./actions";
import { isProposed } from "./proposed";
import { getChangeRequest, listChangeRequests, openChangeRequestCount } from "./queries";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

let owner: CurrentAdmin;
let secondOwner: CurrentAdmin;
let editor: CurrentAdmin;
let auditor: CurrentAdmin;
let otherContextEditor: CurrentAdmin;
let governedId: string;
let openId: string;

const governed = (on: boolean) => prisma.profile.update({ where: { id: governedId }, data: { requireApproval: on } });

/** A client of `profileId` in context -2, made while its profile is not governed. */
async function client(profileId = governedId, overrides: Parameters<typeof clientFormInput>[1] = {}) {
  const wasGoverned = (await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).requireApproval;
  await prisma.profile.update({ where: { id: profileId }, data: { requireApproval: false } });
  await signInAs(owner);
  const created = applied(await createClient(clientFormInput(profileId, { profileContextId: "-2", ...overrides })));
  await prisma.profile.update({ where: { id: profileId }, data: { requireApproval: wasGoverned } });
  return created;
}

async function editValues(id: string) {
  const { clientId: _immutable, ...values } = clientFormValues((await getClient(id, ALL))!);
  return values;
}

/** The request a client action made instead of the change. */
function requestOf(result: ActionResult<unknown>): string {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  if (!isProposed(result.data)) throw new Error("the change was applied directly");
  return result.data.proposed.requestId;
}

beforeAll(async () => {
  governedId = (await prisma.profile.create({ data: { identifier: "Governed", displayName: "Governed", requireApproval: true } })).id;
  openId = (await prisma.profile.create({ data: { identifier: "Open", displayName: "Open" } })).id;
  await prisma.profileContext.createMany({
    data: [
      { id: -2, category: "Department", d0: "Sales" },
      { id: -3, category: "Department", d0: "HR" },
    ],
  });
  owner = await createTestAdmin("owner@example.test");
  secondOwner = await createTestAdmin("owner2@example.test");
  editor = await createTestAdmin("editor@example.test", { role: "Editor" });
  auditor = await createTestAdmin("auditor@example.test", { role: "Auditor" });
  otherContextEditor = await createTestAdmin("hr-editor@example.test", {
    role: "Editor",
    reach: { kind: "context", profileId: governedId, profileContextId: -3 },
  });
});

beforeEach(() => governed(true));

describe("a governed profile", () => {
  it("turns an Editor's edit into a request that changes nothing; an Owner's approval applies it and the audit names both", async () => {
    const { id } = await client();
    await signInAs(editor);
    const requestId = requestOf(await updateClient({ ...(await editValues(id)), displayName: "Renamed", reason: "Ticket 42" }));

    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ displayName: expect.not.stringMatching("Renamed"), version: 1 });
    const request = await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ kind: "update", clientInternalId: id, status: "open", baseVersion: 1, reason: "Ticket 42", authorId: editor.id });
    expect(request.diff).toEqual({ displayName: { from: expect.any(String), to: "Renamed" } });

    await signInAs(owner);
    expect(await approveChangeRequest({ id: requestId, comment: "ok" })).toEqual({ ok: true, data: { status: "approved", clientInternalId: id } });
    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ displayName: "Renamed", version: 2 });
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({
      status: "approved",
      deciderId: owner.id,
      decisionComment: "ok",
    });

    const events = await prisma.auditEvent.findMany({
      where: { OR: [{ targetId: requestId }, { targetId: id, action: "client.updated" }] },
      orderBy: { at: "asc" },
    });
    expect(events.map((e) => [e.action, e.actorLabel]).sort()).toEqual([
      ["changeRequest.approved", owner.email],
      ["changeRequest.proposed", editor.email],
      ["client.updated", owner.email],
    ]);
    expect(events.find((e) => e.action === "changeRequest.approved")!.changes).toMatchObject({ proposedBy: editor.email, approvedBy: owner.email });
  });

  it("refuses a self-approval, an Auditor, a decider demoted since signing in, and an approver outside the client's context", async () => {
    const { id } = await client();
    await signInAs(editor);
    const requestId = requestOf(await setClientEnabled({ id, enabled: false }));

    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden", message: expect.stringMatching(/someone else/) });
    await signInAs(auditor);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden" });
    await signInAs(otherContextEditor);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, message: "This change request does not exist." });
    // The session still says Owner, the database says Auditor: the approval reads the database.
    await prisma.adminUser.update({ where: { id: secondOwner.id }, data: { role: "Auditor" } });
    await signInAs(secondOwner);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden" });
    await prisma.adminUser.update({ where: { id: secondOwner.id }, data: { role: "Owner" } });

    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: true, version: 1 });
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "open", deciderId: null });
    await signInAs(owner);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: false });
  });

  it("checks the approver's power as the direct change would: an Editor cannot approve an Owner-access client", async () => {
    await signInAs(owner);
    const requestId = requestOf(await createClient(clientFormInput(governedId, { clientId: "owner-bot", adminApiRole: "Owner" })));
    expect(await prisma.client.count({ where: { clientId: "owner-bot" } })).toBe(0);
    await signInAs(editor);
    expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden", message: expect.stringMatching(/Owner access/) });
    expect(await prisma.client.count({ where: { clientId: "owner-bot" } })).toBe(0);
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "open" });
  });

  it("marks a request stale when the client changed since, applies nothing and says so", async () => {
    const { id } = await client();
    await signInAs(editor);
    const first = requestOf(await updateClient({ ...(await editValues(id)), displayName: "First" }));
    const second = requestOf(await updateClient({ ...(await editValues(id)), description: "Second" }));
    await signInAs(owner);
    expect(await approveChangeRequest({ id: first })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect(await approveChangeRequest({ id: second })).toEqual({
      ok: true,
      data: { status: "stale", message: expect.stringMatching(/changed since this request was made \(version 1, now 2\)/) },
    });
    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ displayName: "First", description: "", version: 2 });
    expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ status: "stale", deciderId: owner.id });
    expect(await approveChangeRequest({ id: second })).toMatchObject({ ok: false, message: expect.stringMatching(/is stale/) });
  });

  it("issues a requested secret at approval, sealed for the proposer, shown to them once and to nobody else", async () => {
    const { id } = await client();
    await signInAs(editor);
    const requestId = requestOf(await createClientSecret({ id, description: "ci", expiresAt: "", reason: "new pipeline" }));
    expect(await prisma.secret.count({ where: { clientInternalId: id } })).toBe(1);
    expect((await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId }, select: { sealedSecret: true } })).sealedSecret).toBeNull();

    await signInAs(owner);
    const approval = await approveChangeRequest({ id: requestId });
    expect(approval).toEqual({ ok: true, data: { status: "approved", clientInternalId: id } });
    expect(await revealChangeRequestSecret({ id: requestId })).toMatchObject({ ok: false });

    const sealed = (await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId }, select: { sealedSecret: true } })).sealedSecret!;
    expect(isEnvelope(sealed)).toBe(true);

    await signInAs(editor);
    const revealed = await revealChangeRequestSecret({ id: requestId });
    if (!revealed.ok || revealed.data.expired) throw new Error("expected the secret");
    const value = revealed.data.value;
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await prisma.secret.findMany({ where: { clientInternalId: id, description: "ci" }, select: { hash: true } });
    expect(stored).toEqual([{ hash: hashSecret(value) }]);
    expect(await revealChangeRequestSecret({ id: requestId })).toMatchObject({ ok: false, message: expect.stringMatching(/never shown again/) });

    // Never stored in clear: not in the request's raw row, the audit, or the database file (dump).
    const raw = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "ChangeRequest" WHERE "id" = '${requestId}'`);
    expect(raw[0]!.sealedSecret).toBeNull();
    expect(JSON.stringify(raw)).not.toContain(value);
    expect(JSON.stringify(approval)).not.toContain(value);
    expect(JSON.stringify(await prisma.auditEvent.findMany())).not.toContain(value);
    expect((await databaseContents()).includes(Buffer.from(value))).toBe(false);
  });

  it("issues no secret to an author who may no longer hold it (demoted since proposing)", async () => {
    const { id } = await client();
    const proposer = await createTestAdmin(undefined, { role: "Editor" });
    await signInAs(proposer);
    const newSecret = requestOf(await createClientSecret({ id, description: "later", expiresAt: "" }));
    const creation = requestOf(await createClient(clientFormInput(governedId, { clientId: "for-a-demoted-author", profileContextId: "-2" })));
    await prisma.adminUser.update({ where: { id: proposer.id }, data: { role: "Auditor" } });
    await signInAs(owner);
    for (const requestId of [newSecret, creation]) {
      expect(await approveChangeRequest({ id: requestId })).toMatchObject({ ok: false, code: "forbidden", message: expect.stringMatching(/author/) });
      expect(await prisma.changeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "open" });
    }
    expect(await prisma.secret.count({ where: { clientInternalId: id } })).toBe(1);
    expect(await prisma.client.count({ where: { clientId: "for-a-demoted-author" } })).toBe(0);
  });

  it("rotates on approval, and a created confidential client's first secret also goes to its proposer", async () => {
    const { id } = await client();
    const secret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: id }, select: { id: true } });
    await signInAs(editor);
    const rotation = requestOf(await rotateClientSecret({ id, secretId: secret.id, graceDays: "3", description: "" }));
    const creation = requestOf(await createClient(clientFormInput(governedId, { clientId: "proposed-client", profileContextId: "-2" })));
    expect(await prisma.secret.findUniqueOrThrow({ where: { id: secret.id } })).toMatchObject({ rotatedAt: null });

    await signInAs(owner);
    expect(await approveChangeRequest({ id: rotation })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect(await prisma.secret.findUniqueOrThrow({ where: { id: secret.id } })).toMatchObject({ rotatedAt: expect.any(Date) });
    const created = await approveChangeRequest({ id: creation });
    if (!created.ok || created.data.status !== "approved") throw new Error("expected the client");
    const newClient = await prisma.client.findUniqueOrThrow({ where: { clientId: "proposed-client" }, include: { secrets: { select: { hash: true } } } });
    expect(created.data.clientInternalId).toBe(newClient.id);

    await signInAs(editor);
    for (const [requestId, clientInternalId] of [
      [rotation, id],
      [creation, newClient.id],
    ] as const) {
      const revealed = await revealChangeRequestSecret({ id: requestId });
      if (!revealed.ok || revealed.data.expired) throw new Error("expected the secret");
      const hashes = (await prisma.secret.findMany({ where: { clientInternalId }, select: { hash: true } })).map((s) => s.hash);
      expect(hashes).toContain(hashSecret(revealed.data.value));
    }
  });

  it("lets the author withdraw and another admin reject with a comment; a decided request stays decided", async () => {
    const { id } = await client();
    await signInAs(editor);
    const mine = requestOf(await setClientEnabled({ id, enabled: false }));
    const other = requestOf(await updateClient({ ...(await editValues(id)), description: "why not" }));
    await signInAs(owner);
    expect(await withdrawChangeRequest({ id: mine })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await rejectChangeRequest({ id: other, comment: "" })).toMatchObject({ ok: false, fieldErrors: { comment: expect.any(Array) } });
    expect(await rejectChangeRequest({ id: other, comment: "No ticket" })).toEqual({ ok: true, data: null });
    await signInAs(editor);
    expect(await withdrawChangeRequest({ id: mine })).toEqual({ ok: true, data: null });
    await signInAs(owner);
    expect(await approveChangeRequest({ id: mine })).toMatchObject({ ok: false, message: expect.stringMatching(/withdrawn/) });
    expect(await approveChangeRequest({ id: other })).toMatchObject({ ok: false, message: expect.stringMatching(/rejected/) });
    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: true, description: "", version: 1 });
  });

  it("refuses a change no request can carry (the trial's redirect URI) and a move out of the governed profile", async () => {
    const { id } = await client();
    await signInAs(editor);
    expect(await addTrialRedirectUri({ id })).toMatchObject({ ok: false, message: expect.stringMatching(/second person's approval/) });
    // Moving the client to an ungoverned profile is itself a governed change.
    requestOf(await updateClient({ ...(await editValues(id)), profileId: openId }));
    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ profileId: governedId, version: 1 });
  });
});

describe("reading requests", () => {
  it("pages the list, newest first: 50 to a page, a page past the end reads as the last", async () => {
    const label = "paged-client";
    const before = await prisma.changeRequest.count({ where: { status: "withdrawn" } });
    await prisma.changeRequest.createMany({
      data: Array.from({ length: 52 }, (_, i) => ({
        kind: "disable",
        clientLabel: `${label}-${i}`,
        payload: {},
        diff: {},
        reason: "",
        authorType: "admin",
        authorId: "nobody",
        authorLabel: "nobody@example.test",
        status: "withdrawn",
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    });
    const first = await listChangeRequests(ALL, { status: "withdrawn" });
    expect(first).toMatchObject({ total: before + 52, page: 1, size: 50 });
    expect(first.rows).toHaveLength(50);
    const last = await listChangeRequests(ALL, { status: "withdrawn", page: 999 });
    expect(last.page).toBe(last.pageCount);
    const all = [...first.rows, ...(await listChangeRequests(ALL, { status: "withdrawn", page: 2 })).rows].map((r) => r.clientLabel);
    const ours = all.filter((l) => l.startsWith(label));
    expect(ours.slice(0, 3)).toEqual([`${label}-51`, `${label}-50`, `${label}-49`]);
    expect(new Set(all).size).toBe(all.length);
    await prisma.changeRequest.deleteMany({ where: { clientLabel: { startsWith: label } } });
  });

  it("shows a context-bound admin its own context's requests only, and never the sealed secret", async () => {
    const { id } = await client();
    await signInAs(editor);
    const requestId = requestOf(await createClientSecret({ id, description: "read me", expiresAt: "" }));
    const bound = otherContextEditor.reach;
    expect((await listChangeRequests(ALL, { status: "open" })).rows.map((r) => r.id)).toContain(requestId);
    const open = await openChangeRequestCount(ALL);
    expect(open).toBeGreaterThan(0);
    // The navigation's count: what the viewer may decide, never their own request.
    for (const viewer of [owner, editor]) {
      expect(await openChangeRequestCount(ALL, { type: "admin", id: viewer.id })).toBe(
        await prisma.changeRequest.count({ where: { status: "open", NOT: { authorId: viewer.id } } }),
      );
    }
    expect(await openChangeRequestCount(ALL, { type: "admin", id: editor.id })).toBeLessThan(open);
    expect((await listChangeRequests(bound)).rows.map((r) => r.id)).not.toContain(requestId);
    expect(await openChangeRequestCount(bound)).toBe(0);
    expect(await getChangeRequest(requestId, bound)).toBeNull();

    await signInAs(owner);
    await approveChangeRequest({ id: requestId });
    const shown = await getChangeRequest(requestId, ALL);
    expect(shown).toMatchObject({ status: "approved", secretWaiting: true });
    expect(shown).not.toHaveProperty("sealedSecret");
  });
});

describe("the setting", () => {
  it("is an Owner's to turn on or off, never an Editor's (who could then skip the second person)", async () => {
    const profile = { id: governedId, identifier: "Governed", displayName: "Governed", description: "" };
    await signInAs(editor);
    expect(await updateProfile({ ...profile, requireApproval: false })).toMatchObject({ ok: false, code: "forbidden" });
    // An Editor's edit that does not name the setting keeps it.
    expect(await updateProfile({ ...profile, description: "edited" })).toMatchObject({ ok: true });
    expect(await prisma.profile.findUniqueOrThrow({ where: { id: governedId } })).toMatchObject({ requireApproval: true, description: "edited" });
    await signInAs(owner);
    expect(await updateProfile({ ...profile, requireApproval: false })).toMatchObject({ ok: true });
    expect(await prisma.profile.findUniqueOrThrow({ where: { id: governedId } })).toMatchObject({ requireApproval: false });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: governedId, action: "profile.updated" }, orderBy: { at: "desc" } });
    expect(event).toMatchObject({ actorLabel: owner.email, changes: { requireApproval: { from: true, to: false } } });
  });
});

describe("an ungoverned profile", () => {
  it("changes as before: no request, the change applied at once", async () => {
    const { id } = await client(openId);
    await signInAs(editor);
    expect(await updateClient({ ...(await editValues(id)), displayName: "Direct" })).toEqual({ ok: true, data: { version: 2 } });
    expect(await setClientEnabled({ id, enabled: false })).toEqual({ ok: true, data: null });
    expect(await prisma.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ displayName: "Direct", enabled: false, version: 3 });
    expect(await prisma.changeRequest.count({ where: { clientInternalId: id } })).toBe(0);
  });
});
