import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashSecret, secretStatus } from "@/lib/secrets/secret";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput } from "@/lib/testing/fixtures";
import type { CurrentAdmin } from "@/lib/auth/session";
import type { CreateClientInput } from "./schema";
import { ALL } from "@/lib/auth/reach";
import { clientFormValues } from "./form-values";
import { getClient } from "./queries";
import { createClient, createClientSecret, deleteClient, revokeClientSecret, setClientEnabled, updateClient } from "./actions";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

let admin: CurrentAdmin;
let profileId: string;

function input(overrides: Partial<CreateClientInput> = {}): CreateClientInput {
  return clientFormInput(profileId, overrides);
}

async function created(overrides: Partial<CreateClientInput> = {}) {
  return applied(await createClient(input(overrides)));
}

/** The edit form's values for a stored client: what the client page gives the form. */
async function editValues(id: string) {
  const { clientId: _immutable, ...values } = clientFormValues((await getClient(id, ALL))!);
  return values;
}

beforeAll(async () => {
  admin = await createTestAdmin();
  profileId = (await prisma.profile.create({ data: { identifier: "Administrator", displayName: "Administrator" } })).id;
  await prisma.profileContext.create({ data: { id: -2, category: "Department", d0: "Sales" } });
});

beforeEach(() => signInAs(admin));

describe("createClient", () => {
  it("creates a ClientCredentials client with a first secret that is returned once and stored only as a hash", async () => {
    const data = await created({ clientId: "orders-api", profileContextId: "-2" });
    expect(data.secret?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const client = await prisma.client.findUniqueOrThrow({
      where: { id: data.id },
      include: { secrets: { select: { hash: true, hint: true, createdBy: true } } },
    });
    expect(client).toMatchObject({ clientId: "orders-api", profileContextId: -2, version: 1, redirectUris: [] });
    expect(client.secrets).toEqual([{ hash: hashSecret(data.secret!.value), hint: data.secret!.value.slice(-4), createdBy: admin.email }]);

    const events = await prisma.auditEvent.findMany({ where: { targetId: data.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["client.created", "secret.created"]);
    expect(events[0]!.changes).toMatchObject({ profile: { from: null, to: "Administrator" }, profileContextId: { from: null, to: -2 } });
    expect(events[0]!.changes).not.toHaveProperty("profileId");
    expect(events.every((e) => e.actorId === admin.id && e.actorLabel === admin.email)).toBe(true);
    const audit = JSON.stringify(events);
    expect(audit).not.toContain(data.secret!.value);
    expect(audit).not.toContain(hashSecret(data.secret!.value));
  });

  it("creates no secret for a public AuthorizationCode client", async () => {
    const data = await created({ flow: "AuthorizationCode", tokenEndpointAuthMethod: "none", redirectUris: "https://app.example/cb" });
    expect(data.secret).toBeNull();
    expect(await prisma.secret.count({ where: { clientInternalId: data.id } })).toBe(0);
  });

  it("refuses a taken client_id, a bad redirect URI and a missing profile, each on its field", async () => {
    await created({ clientId: "taken" });
    expect(await createClient(input({ clientId: "taken" }))).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { clientId: ["A client with this client_id already exists."] },
    });

    const bad = await createClient(input({ flow: "AuthorizationCode", redirectUris: "https://ok.example/cb\nhttp://evil.example/cb" }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fieldErrors?.redirectUris).toEqual(['"http://evil.example/cb" must use https (http is allowed only for localhost).']);

    const noProfile = await createClient(input({ profileId: "missing", profileContextId: "-99" }));
    expect(noProfile.ok).toBe(false);
    if (!noProfile.ok) expect(Object.keys(noProfile.fieldErrors ?? {}).sort()).toEqual(["profileContextId", "profileId"]);
  });

  it("refuses everything without a session and writes nothing", async () => {
    await signInAs(null);
    const before = await prisma.client.count();
    expect(await createClient(input())).toEqual({ ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." });
    expect(await prisma.client.count()).toBe(before);
    expect((await setClientEnabled({ id: "x", enabled: false })).ok).toBe(false);
    expect((await deleteClient({ id: "x" })).ok).toBe(false);
  });
});

describe("updateClient", () => {
  it("saves, bumps the version and audits what changed", async () => {
    const { id } = await created();
    const result = await updateClient({ ...(await editValues(id)), displayName: "Renamed", redirectUris: "https://a.example/cb" });
    expect(result).toEqual({ ok: true, data: { version: 2 } });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "client.updated" } });
    expect(event.changes).toEqual({
      displayName: { from: expect.stringMatching(/^Client /), to: "Renamed" },
      redirectUris: { from: null, to: ["https://a.example/cb"] },
    });
  });

  it("refuses the second of two saves made from the same version (optimistic concurrency)", async () => {
    const { id } = await created();
    const opened = await editValues(id);
    expect((await updateClient({ ...opened, displayName: "First admin's edit" })).ok).toBe(true);
    const second = await updateClient({ ...opened, displayName: "Second admin's edit" });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.message).toMatch(/changed by someone else since you opened it/);
    const stored = await prisma.client.findUniqueOrThrow({ where: { id } });
    expect(stored.displayName).toBe("First admin's edit");
    expect(stored.version).toBe(2);
  });
});

describe("enable, disable and delete", () => {
  it("disables and re-enables with audit events", async () => {
    const { id } = await created();
    expect((await setClientEnabled({ id, enabled: false })).ok).toBe(true);
    expect((await prisma.client.findUniqueOrThrow({ where: { id } })).enabled).toBe(false);
    expect((await setClientEnabled({ id, enabled: true })).ok).toBe(true);
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["client.created", "secret.created", "client.disabled", "client.enabled"]);
  });

  it("deletes a client together with its secrets", async () => {
    const { id } = await created();
    await createClientSecret({ id, description: "second", expiresAt: "" });
    expect(await prisma.secret.count({ where: { clientInternalId: id } })).toBe(2);
    expect((await deleteClient({ id })).ok).toBe(true);
    expect(await prisma.client.findUnique({ where: { id } })).toBeNull();
    expect(await prisma.secret.count({ where: { clientInternalId: id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { targetId: id, action: "client.deleted" } })).toBe(1);
  });
});

describe("secrets", () => {
  it("adds a second secret, revokes the first, and refuses to revoke it twice", async () => {
    const { id } = await created();
    const [first] = await prisma.secret.findMany({ where: { clientInternalId: id } });
    const added = await createClientSecret({ id, description: "rotation 2026", expiresAt: "2099-01-01T00:00:00Z" });
    expect(applied(added).value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(await revokeClientSecret({ id, secretId: first!.id })).toEqual({ ok: true, data: null });
    const secrets = await prisma.secret.findMany({ where: { clientInternalId: id }, orderBy: { createdAt: "asc" } });
    expect(secrets.map((s) => secretStatus(s))).toEqual(["revoked", "active"]);
    expect(secrets[0]!.revokedBy).toBe(admin.email);
    expect(secrets[1]).toMatchObject({ description: "rotation 2026", expiresAt: new Date("2099-01-01T00:00:00Z") });

    const again = await revokeClientSecret({ id, secretId: first!.id });
    expect(again).toEqual({ ok: false, message: "This secret is already revoked or no longer exists." });
  });

  it("refuses an expiration in the past", async () => {
    const { id } = await created();
    const result = await createClientSecret({ id, description: "", expiresAt: "2000-01-01T00:00:00Z" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.expiresAt).toEqual(["Choose a moment in the future."]);
  });

  it("never leaves a clear secret in the database: not in any row, not in the database file (or dump)", async () => {
    const values: string[] = [];
    for (let i = 0; i < 3; i++) values.push((await created()).secret!.value);
    const { id } = await created();
    const added = await createClientSecret({ id, description: "", expiresAt: "" });
    values.push(applied(added).value);

    const rows = JSON.stringify([
      await prisma.secret.findMany({ select: { hash: true, hint: true, description: true } }),
      await prisma.auditEvent.findMany(),
      await prisma.client.findMany(),
    ]);
    const file = await databaseContents();
    for (const value of values) {
      expect(rows).not.toContain(value);
      expect(file.includes(Buffer.from(value))).toBe(false);
      // …while the hash is there: the search itself works.
      expect(file.includes(Buffer.from(hashSecret(value)))).toBe(true);
    }
  });
});

const ok = (result: { ok: boolean; message?: string }) => expect(result, result.message).toMatchObject({ ok: true });

describe("no grant beyond one's own power (ADR 008)", () => {
  it("an Editor creates an Administrator-profile client, which holds no admin API power, but cannot give it Owner or Editor-beyond-reach power", async () => {
    const editor = await createTestAdmin("grant-editor@example.test", { role: "Editor" });
    await signInAs(editor);
    const plain = await created({ clientId: "admin-profile-job" });
    expect(await prisma.client.findUniqueOrThrow({ where: { id: plain.id } })).toMatchObject({ profileId, profileContextId: null, adminApiRole: null });

    const owner = await createClient(input({ clientId: "minted-owner", adminApiRole: "Owner" }));
    expect(owner).toEqual({ ok: false, code: "forbidden", message: expect.stringMatching(/would hold Owner access .*more than you hold \(Editor access\)/) });
    expect(await prisma.client.count({ where: { clientId: "minted-owner" } })).toBe(0);
    ok(await createClient(input({ clientId: "editor-bot", adminApiRole: "Editor" })));

    // Widening an existing client: an edit to Owner power, and a secret or re-enabling of an Owner client.
    const edit = await updateClient({ ...(await editValues(plain.id)), adminApiRole: "Owner" });
    expect(edit).toMatchObject({ ok: false, code: "forbidden" });
    await signInAs(admin);
    const ownerBot = await created({ clientId: "owner-bot", adminApiRole: "Owner" });
    ok(await setClientEnabled({ id: ownerBot.id, enabled: false }));
    await signInAs(editor);
    expect(await createClientSecret({ id: ownerBot.id, description: "mine", expiresAt: "" })).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(/holds Owner access/),
    });
    expect(await setClientEnabled({ id: ownerBot.id, enabled: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.secret.count({ where: { clientInternalId: ownerBot.id } })).toBe(1);
    expect(await prisma.client.findUniqueOrThrow({ where: { id: ownerBot.id } })).toMatchObject({ enabled: false, adminApiRole: "Owner" });
  });

  it("reads the actor's power in the transaction: an Editor demoted since the session began grants nothing", async () => {
    const editor = await createTestAdmin("demoted-editor@example.test", { role: "Editor" });
    await prisma.adminUser.update({ where: { id: editor.id }, data: { role: "Auditor" } });
    await signInAs(editor); // the session still says Editor
    expect(await createClient(input({ adminApiRole: "Editor" }))).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(/more than you hold \(Auditor access\)/),
    });
  });
});
