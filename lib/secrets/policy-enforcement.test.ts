// The secret policy against a real database: an audited profile change only those who may edit
// profiles can make, and every way a secret is born — the client page's action, a new client's
// first secret, the REST API, an import — obeys it in its own transaction.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as clientSecretsRoute from "@/app/api/v0/oidc/clients/[id]/secrets/route";
import * as scopeSecretsRoute from "@/app/api/v0/scopes/[id]/secrets/route";
import { runService } from "@/lib/actions/context";
import { ALL } from "@/lib/auth/reach";
import { createClient, createClientSecret } from "@/lib/clients/actions";
import { exportConfiguration, importConfiguration } from "@/lib/config/service";
import { issueAccessToken } from "@/lib/oauth/access-token";
import { updateProfile } from "@/lib/profiles/actions";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput, clientRow } from "@/lib/testing/fixtures";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);

let profileId: string;
let clientId: string;
let token: string;

beforeAll(async () => {
  profileId = (await prisma.profile.create({ data: { identifier: "Administrator", displayName: "Administrator" } })).id;
  clientId = (await prisma.client.create({ data: clientRow("policy-app", profileId), select: { id: true } })).id;
  await prisma.client.create({ data: clientRow("policy-bot", profileId, { adminApiRole: "Owner" }) });
  token = (await issueAccessToken({ clientId: "policy-bot", alg: "ES256", scopes: [], profile: "Administrator", profileContextId: null })).token;
});

async function setPolicy(secretMaxDays: number | null) {
  await prisma.profile.update({ where: { id: profileId }, data: { secretMaxDays } });
}

beforeEach(async () => {
  await setPolicy(90);
  await signInAs(await createTestAdmin());
});

async function post(handler: unknown, id: string, body: unknown) {
  const request = new Request(`http://localhost/api/v0/x/${id}/secrets`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await (handler as (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>)(request, { params: Promise.resolve({ id }) });
  return { status: response.status, body: await response.json() };
}

const secretCount = () => prisma.secret.count({ where: { clientInternalId: clientId } });

describe("editing a profile's secret policy", () => {
  const profile = () => ({ id: profileId, identifier: "Administrator", displayName: "Administrator", description: "" });

  it("is an audited profile change, set and cleared", async () => {
    await setPolicy(null);
    expect(await updateProfile({ ...profile(), secretMaxDays: "30" })).toEqual({ ok: true, data: { id: profileId } });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBe(30);
    expect(await updateProfile({ ...profile(), secretMaxDays: "" })).toMatchObject({ ok: true });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBeNull();
    const events = await prisma.auditEvent.findMany({ where: { action: "profile.updated", targetId: profileId }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.changes)).toEqual([{ secretMaxDays: { from: null, to: 30 } }, { secretMaxDays: { from: 30, to: null } }]);
  });

  it("refuses a lifetime that is not a whole number of days from 1 to 3650, on the field", async () => {
    for (const secretMaxDays of ["0", "-5", "1.5", "3651", "ninety"]) {
      const result = await updateProfile({ ...profile(), secretMaxDays });
      expect(result).toMatchObject({ ok: false, fieldErrors: { secretMaxDays: [expect.stringMatching(/whole number of days from 1 to 3650/)] } });
    }
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBe(90);
  });

  it("is refused to an Auditor, and nothing changes", async () => {
    const auditor = await createTestAdmin(undefined, { role: "Auditor" });
    await signInAs(auditor);
    expect(await updateProfile({ ...profile(), secretMaxDays: "7" })).toMatchObject({ ok: false, code: "forbidden" });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBe(90);
    expect(await prisma.auditEvent.count({ where: { actorId: auditor.id } })).toBe(0);
    // An Editor may (profiles.write), as for every other profile field.
    await signInAs(await createTestAdmin(undefined, { role: "Editor" }));
    expect(await updateProfile({ ...profile(), secretMaxDays: "7" })).toMatchObject({ ok: true });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBe(7);
  });

  it("travels in the portal JSON: exported, set by an import that names it, kept by one that does not", async () => {
    const actor = { type: "admin" as const, id: "t", label: "t" };
    const exported = await runService(actor, ALL, (ctx) => exportConfiguration(ctx, { format: "portal-json", includeProviderSecrets: false }));
    expect(JSON.parse(exported.body).profiles).toEqual([expect.objectContaining({ identifier: "Administrator", secret_max_days: 90 })]);
    const document = (profile: Record<string, unknown>) =>
      JSON.stringify({ format: "oidc-admin-portal", version: 1, profiles: [{ identifier: "Administrator", display_name: "Administrator", ...profile }] });
    const run = (text: string, dryRun = false) =>
      runService(actor, ALL, (ctx) => importConfiguration(ctx, { format: "portal-json", text, dryRun, createMissingProfiles: false }));
    const planned = await run(document({ secret_max_days: 14 }), true);
    expect(planned.entries).toEqual([expect.objectContaining({ kind: "profile", action: "change", changes: [{ field: "secretMaxDays", from: 90, to: 14 }] })]);
    expect(await run(document({ secret_max_days: 14 }))).toMatchObject({ applied: true });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBe(14);
    expect((await run(document({ secret_max_days: 0 }))).problems).toEqual([
      { path: "profiles[0].secret_max_days", message: expect.stringMatching(/whole number of days from 1 to 3650/) },
    ]);
    expect(await run(document({ secret_max_days: null }))).toMatchObject({ applied: true });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).secretMaxDays).toBeNull();
  });

  it("stays as it is when an import updates the profile without naming it (the Usercube XML never does)", async () => {
    const text = JSON.stringify({
      format: "oidc-admin-portal",
      version: 1,
      profiles: [{ identifier: "Administrator", display_name: "Admins", description: "" }],
      profile_contexts: [],
      scopes: [],
      clients: [],
    });
    const report = await runService({ type: "admin", id: "t", label: "t" }, ALL, (ctx) =>
      importConfiguration(ctx, { format: "portal-json", text, dryRun: false, createMissingProfiles: false }),
    );
    expect(report).toMatchObject({ valid: true, applied: true });
    expect(await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).toMatchObject({ displayName: "Admins", secretMaxDays: 90 });
    await prisma.profile.update({ where: { id: profileId }, data: { displayName: "Administrator" } });
  });
});

describe("a new client secret obeys its profile's policy", () => {
  it("in the client page's action: within it is kept, beyond it or never is refused on the expiry field and nothing is written", async () => {
    const before = await secretCount();
    const over = await createClientSecret({ id: clientId, description: "too long", expiresAt: inDays(91).toISOString() });
    expect(over).toMatchObject({
      ok: false,
      fieldErrors: { expiresAt: [expect.stringMatching(/^The profile's policy allows at most 90 days: choose .* UTC or earlier\.$/)] },
    });
    const never = await createClientSecret({ id: clientId, description: "forever", expiresAt: "" });
    expect(never).toMatchObject({ ok: false, fieldErrors: { expiresAt: ["The profile's policy requires an expiry: at most 90 days from now."] } });
    expect(await secretCount()).toBe(before);
    expect(await prisma.auditEvent.count({ where: { action: "secret.created", targetId: clientId } })).toBe(0);

    const within = await createClientSecret({ id: clientId, description: "ok", expiresAt: inDays(89).toISOString() });
    expect(within.ok).toBe(true);
    expect(await secretCount()).toBe(before + 1);

    await setPolicy(null);
    expect((await createClientSecret({ id: clientId, description: "no policy", expiresAt: "" })).ok).toBe(true);
  });

  it("gives a new client's first secret the policy's default expiry", async () => {
    const created = { data: applied(await createClient(clientFormInput(profileId, { clientId: "policy-first-secret" }))) };
    const secret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: created.data.id } });
    expect(secret.expiresAt!.getTime() - secret.createdAt.getTime()).toBe(90 * DAY);
  });

  it("in the REST API: left out is the default, beyond or null is a 400 on expiration", async () => {
    const defaulted = await post(clientSecretsRoute.POST, clientId, { description: "api default" });
    expect(defaulted.status).toBe(201);
    const stored = await prisma.secret.findUniqueOrThrow({ where: { id: defaulted.body.id } });
    expect(stored.expiresAt!.getTime() - stored.createdAt.getTime()).toBe(90 * DAY);

    const before = await secretCount();
    const over = await post(clientSecretsRoute.POST, clientId, { expiration: inDays(100).toISOString() });
    expect(over).toMatchObject({
      status: 400,
      body: { error: "invalid_request", errors: [{ path: "expiration", message: expect.stringMatching(/allows at most 90 days/) }] },
    });
    const never = await post(clientSecretsRoute.POST, clientId, { expiration: null });
    expect(never).toMatchObject({ status: 400, body: { errors: [{ path: "expiration", message: expect.stringMatching(/requires an expiry/) }] } });
    expect(await secretCount()).toBe(before);
    expect((await post(clientSecretsRoute.POST, clientId, { expiration: inDays(30).toISOString() })).status).toBe(201);
  });

  it("does not apply to scope secrets (a scope has no profile)", async () => {
    const scope = await prisma.scope.create({ data: { name: "orders.read", displayName: "Orders" } });
    const added = await post(scopeSecretsRoute.POST, scope.id, { description: "introspection" });
    expect(added).toMatchObject({ status: 201, body: { expiration: null } });
  });

  it("in an import: a live secret that breaks the policy is a problem of the plan, and nothing is written", async () => {
    const secret = (name: string, expiry: string) =>
      `<OpenIdClient Identifier="${name}" DisplayName_L1="${name}" HashedSecret="${"A".repeat(43)}=" Profile="Administrator" ${expiry}/>`;
    const xml = (body: string) => `<?xml version="1.0" encoding="utf-8"?><ConfigurationFile>${body}</ConfigurationFile>`;
    const run = (text: string, dryRun = false) =>
      runService({ type: "admin", id: "t", label: "t" }, ALL, (ctx) =>
        importConfiguration(ctx, { format: "usercube-xml", text, dryRun, createMissingProfiles: false }),
      );
    const refused = await run(xml(secret("imported-forever", "")));
    expect(refused).toMatchObject({ valid: false, applied: false, problems: [{ message: expect.stringMatching(/requires an expiry/) }] });
    expect(await prisma.client.count({ where: { clientId: "imported-forever" } })).toBe(0);

    await setPolicy(null);
    expect(await run(xml(secret("imported-forever", "")))).toMatchObject({ valid: true, applied: true });
  });
});
