// The before/after of every audited object, through the same actions the portal's forms call: a
// creation lists each field from none, an update each changed field, a deletion each field to none;
// the field lists come from the objects' form schemas; a secret field only ever reads "set",
// "replaced" or "not set", and no secret value reaches the audit log.
import { randomBytes } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { deleteAdmin, inviteAdmin } from "@/lib/admins/actions";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createClient, deleteClient } from "@/lib/clients/actions";
import { saveMailSettings } from "@/lib/mail/actions";
import { createProfileContext, deleteProfileContext } from "@/lib/profiles/actions";
import { createProvider, deleteProvider, updateProvider } from "@/lib/providers/actions";
import { NEW_PROVIDER_VALUES } from "@/lib/providers/schema";
import { createScope, deleteScope, updateScope } from "@/lib/scopes/actions";
import { scopeSchema } from "@/lib/scopes/schema";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput } from "@/lib/testing/fixtures";
import { createWebhook, deleteWebhook, rotateWebhookSecret, setWebhookEnabled } from "@/lib/webhooks/actions";
import { auditedFields, createdChanges, deletedChanges, secretFieldChange } from "./changes";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => ({ get: () => undefined }) }));

process.env.PORTAL_ENCRYPTION_KEY = randomBytes(32).toString("base64");

const PROVIDER_SECRET = "provider-client-secret-never-in-the-log";
const SMTP_PASSWORD = "smtp-password-never-in-the-log";

let owner: CurrentAdmin;

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

/** The changes of the latest event of `action` on `targetId`. */
async function changesOf(action: string, targetId: string) {
  return (await prisma.auditEvent.findFirstOrThrow({ where: { action, targetId }, orderBy: [{ at: "desc" }, { id: "desc" }] })).changes;
}

beforeAll(async () => {
  owner = await createTestAdmin("changes-owner@example.test", { role: "Owner" });
});

beforeEach(async () => {
  await signInAs(owner);
  vi.stubEnv("SMTP_URL", "");
});

describe("the change helpers", () => {
  it("take an object's fields from its form schema, minus those named", () => {
    expect(auditedFields(scopeSchema)).toEqual(["name", "displayName", "description", "enabled"]);
    expect(auditedFields(scopeSchema, ["enabled"])).toEqual(["name", "displayName", "description"]);
  });

  it("write a creation from none and a deletion to none", () => {
    expect(createdChanges({ name: "a", description: "", enabled: false }, ["name", "description", "enabled"])).toEqual({
      name: { from: null, to: "a" },
      enabled: { from: null, to: false },
    });
    expect(deletedChanges({ name: "a", description: "", enabled: true, other: "x" }, ["name", "description", "enabled"])).toEqual({
      name: { from: "a", to: null },
      enabled: { from: true, to: null },
    });
  });

  it("say how a secret changed, never what it is", () => {
    expect(secretFieldChange({ had: false, has: true })).toEqual({ from: "not set", to: "set" });
    expect(secretFieldChange({ had: true, has: true, replaced: true })).toEqual({ from: "set", to: "replaced" });
    expect(secretFieldChange({ had: false, has: true, replaced: true })).toEqual({ from: "not set", to: "set" });
    expect(secretFieldChange({ had: true, has: false })).toEqual({ from: "set", to: "not set" });
    expect(secretFieldChange({ had: true, has: true })).toBeUndefined();
  });
});

describe("every audited object records its before and after", () => {
  it("a scope: created, changed, deleted", async () => {
    const { id } = ok(await createScope({ name: "changes.read", displayName: "Changes", description: "", enabled: true }));
    expect(await changesOf("scope.created", id)).toEqual({
      name: { from: null, to: "changes.read" },
      displayName: { from: null, to: "Changes" },
      enabled: { from: null, to: true },
    });
    ok(await updateScope({ id, name: "changes.read", displayName: "Changes", description: "Now described", enabled: false }));
    expect(await changesOf("scope.updated", id)).toEqual({ description: { from: null, to: "Now described" }, enabled: { from: true, to: false } });
    ok(await deleteScope({ id }));
    expect(await changesOf("scope.deleted", id)).toEqual({
      name: { from: "changes.read", to: null },
      displayName: { from: "Changes", to: null },
      description: { from: "Now described", to: null },
      enabled: { from: false, to: null },
    });
  });

  it("a profile context: created and deleted, its id naming it", async () => {
    ok(await createProfileContext({ id: -77, category: "Region", d0: "North", description: "" }));
    expect(await changesOf("profileContext.created", "-77")).toEqual({ category: { from: null, to: "Region" }, d0: { from: null, to: "North" } });
    ok(await deleteProfileContext({ id: -77 }));
    expect(await changesOf("profileContext.deleted", "-77")).toEqual({ category: { from: "Region", to: null }, d0: { from: "North", to: null } });
  });

  it("an identity provider: its settings, and its client secret as set / replaced / not set", async () => {
    const base = { ...NEW_PROVIDER_VALUES, providerName: "changes-idp", clientId: "changes-client", authority: "https://changes.example" };
    const { id } = ok(await createProvider({ ...base, clientSecret: PROVIDER_SECRET }));
    expect(await changesOf("provider.created", id)).toMatchObject({
      providerName: { from: null, to: "changes-idp" },
      authority: { from: null, to: "https://changes.example" },
      clientSecret: { from: "not set", to: "set" },
    });
    const row = await prisma.identityProvider.findUniqueOrThrow({ where: { id } });
    ok(
      await updateProvider({
        ...base,
        id,
        version: row.version,
        secretAction: "replace",
        clientSecret: `${PROVIDER_SECRET}-2`,
        authority: "https://changes2.example",
      }),
    );
    expect(await changesOf("provider.updated", id)).toEqual({
      authority: { from: "https://changes.example", to: "https://changes2.example" },
      clientSecret: { from: "set", to: "replaced" },
    });
    ok(await deleteProvider({ id }));
    expect(await changesOf("provider.deleted", id)).toMatchObject({
      providerName: { from: "changes-idp", to: null },
      clientId: { from: "changes-client", to: null },
      clientSecret: { from: "set", to: "not set" },
    });
  });

  it("a webhook: created, disabled, its signing secret replaced, deleted", async () => {
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    const created = ok(await createWebhook({ url: "http://127.0.0.1:9/changes", description: "SIEM", events: ["audit.*"] }));
    expect(await changesOf("webhook.created", created.id)).toEqual({
      url: { from: null, to: "http://127.0.0.1:9/changes" },
      description: { from: null, to: "SIEM" },
      events: { from: null, to: ["audit.*"] },
      signingSecret: { from: "not set", to: "set" },
    });
    ok(await setWebhookEnabled({ id: created.id, enabled: false }));
    expect(await changesOf("webhook.disabled", created.id)).toEqual({ enabled: { from: true, to: false } });
    const rotated = ok(await rotateWebhookSecret({ id: created.id }));
    expect(await changesOf("webhook.secretRotated", created.id)).toEqual({ signingSecret: { from: "set", to: "replaced" } });
    ok(await deleteWebhook({ id: created.id }));
    expect(await changesOf("webhook.deleted", created.id)).toEqual({
      url: { from: "http://127.0.0.1:9/changes", to: null },
      description: { from: "SIEM", to: null },
      events: { from: ["audit.*"], to: null },
      signingSecret: { from: "set", to: "not set" },
    });
    await expectNotInTheLog(created.secret, rotated.secret);
  });

  it("the mail settings: each changed field, the password as set / replaced / not set", async () => {
    const values = {
      host: "smtp.example.test",
      port: "587",
      security: "starttls",
      username: "portal",
      password: SMTP_PASSWORD,
      passwordAction: "replace",
      from: "portal@example.test",
      version: 0,
    } as const;
    ok(await saveMailSettings(values));
    expect(await changesOf("mailSettings.updated", "1")).toMatchObject({
      host: { from: null, to: "smtp.example.test" },
      port: { from: null, to: 587 },
      username: { from: null, to: "portal" },
      password: { from: "not set", to: "set" },
    });
    ok(await saveMailSettings({ ...values, port: "2525", password: `${SMTP_PASSWORD}-2`, version: 1 }));
    expect(await changesOf("mailSettings.updated", "1")).toEqual({ port: { from: 587, to: 2525 }, password: { from: "set", to: "replaced" } });
  });

  it("an admin: invited with each field, deleted with what they were", async () => {
    ok(await inviteAdmin({ email: "changes-invitee@example.test", name: "Changes Invitee", role: "Auditor", profileId: "", profileContextId: "" }));
    const invited = await prisma.adminUser.findUniqueOrThrow({ where: { email: "changes-invitee@example.test" } });
    expect(await changesOf("admin.invited", invited.id)).toMatchObject({
      email: { from: null, to: "changes-invitee@example.test" },
      name: { from: null, to: "Changes Invitee" },
      role: { from: null, to: "Auditor" },
    });
    ok(await deleteAdmin({ id: invited.id }));
    expect(await changesOf("admin.deleted", invited.id)).toEqual({
      email: { from: "changes-invitee@example.test", to: null },
      name: { from: "Changes Invitee", to: null },
      role: { from: "Auditor", to: null },
      sessionsEnded: 0,
    });
  });

  it("a client: deleted with every setting it had", async () => {
    const profile = await prisma.profile.create({ data: { identifier: "ChangesProfile", displayName: "Changes" } });
    const { id } = applied(await createClient(clientFormInput(profile.id, { clientId: "changes-client", displayName: "Changes client" })));
    const hashes = (await prisma.secret.findMany({ where: { clientInternalId: id }, select: { hash: true } })).map((s) => s.hash);
    expect(hashes).toHaveLength(1);
    ok(await deleteClient({ id }));
    await expectNotInTheLog(...hashes);
    expect(await changesOf("client.deleted", id)).toMatchObject({
      displayName: { from: "Changes client", to: null },
      profile: { from: "ChangesProfile", to: null },
      secretsDeleted: 1,
    });
  });

  it("no secret value is in the log", async () => {
    await expectNotInTheLog(PROVIDER_SECRET, `${PROVIDER_SECRET}-2`, SMTP_PASSWORD, `${SMTP_PASSWORD}-2`);
  });
});

async function expectNotInTheLog(...values: string[]) {
  const log = JSON.stringify(await prisma.auditEvent.findMany());
  for (const value of values) expect(log.includes(value), "a secret in the audit log").toBe(false);
}
