import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createClient, updateClient } from "@/lib/clients/actions";
import { createPrismaClient } from "@/lib/db/client";
import { hashSecret, secretStatus } from "@/lib/secrets/secret";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { clientFormInput } from "@/lib/testing/fixtures";
import { createScope, createScopeSecret, deleteScope, revokeScopeSecret, updateScope } from "./actions";
import { ensureBuiltInScopes } from "./builtin";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

let admin: CurrentAdmin;
let profileId: string;

async function scope(name: string) {
  const result = await createScope({ name, displayName: name, description: "", enabled: true });
  if (!result.ok) throw new Error(result.message);
  return result.data.id;
}

beforeAll(async () => {
  admin = await createTestAdmin();
  profileId = (await prisma.profile.create({ data: { identifier: "Administrator", displayName: "Administrator" } })).id;
  const db = createPrismaClient();
  expect(await ensureBuiltInScopes(db)).toEqual(["openid", "profile", "email"]);
  expect(await ensureBuiltInScopes(db)).toEqual([]);
  await db.$disconnect();
});

beforeEach(() => signInAs(admin));

describe("scopes", () => {
  it("creates, renames and audits a scope; refuses a taken name on its field", async () => {
    const id = await scope("orders.read");
    expect((await createScope({ name: "orders.read", displayName: "x", description: "", enabled: true })).ok).toBe(false);
    const renamed = await updateScope({ id, name: "orders.view", displayName: "View orders", description: "", enabled: false });
    expect(renamed.ok).toBe(true);
    expect(await prisma.scope.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "orders.view", enabled: false });
    const actions = (await prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["scope.created", "scope.updated"]);
  });

  it("keeps built-in scopes: no rename, no delete", async () => {
    const openid = await prisma.scope.findUniqueOrThrow({ where: { name: "openid" } });
    const rename = await updateScope({ id: openid.id, name: "oidc", displayName: "OpenID", description: "", enabled: true });
    expect(rename).toMatchObject({ ok: false, fieldErrors: { name: ['"openid" is built in; its name cannot change.'] } });
    expect(await deleteScope({ id: openid.id })).toEqual({ ok: false, message: '"openid" is a built-in scope and cannot be deleted.' });
  });

  it("refuses to delete a scope while clients may request it, naming them", async () => {
    const id = await scope("billing.read");
    const created = await createClient(
      clientFormInput(profileId, {
        clientId: "billing-batch",
        displayName: "Billing batch",
        idTokenSignedResponseAlg: "ES256",
        tokenEndpointAuthMethod: "client_secret_post",
        scopeIds: [id],
      }),
    );
    expect(created.ok).toBe(true);
    expect(await deleteScope({ id })).toEqual({
      ok: false,
      message: 'Scope "billing.read" is allowed for 1 client (billing-batch). Remove it from them first.',
    });

    // Remove the scope from the client (audited by name), then the delete goes through.
    const client = await prisma.client.findUniqueOrThrow({ where: { clientId: "billing-batch" } });
    const update = await updateClient({
      id: client.id,
      version: client.version,
      displayName: client.displayName,
      description: "",
      redirectUris: "",
      postLogoutRedirectUris: "",
      flow: "ClientCredentials",
      idTokenSignedResponseAlg: "ES256",
      tokenEndpointAuthMethod: "client_secret_post",
      profileId,
      profileContextId: "",
      expiresAt: "",
      enabled: true,
      firstParty: false,
      scopeIds: [],
    });
    expect(update.ok).toBe(true);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: client.id, action: "client.updated" } });
    expect(event.changes).toEqual({ scopes: { from: ["billing.read"], to: [] } });
    expect(await deleteScope({ id })).toEqual({ ok: true, data: null });
  });

  it("refuses an unknown scope id on a client", async () => {
    const result = await createClient(
      clientFormInput(profileId, {
        clientId: "ghost-scopes",
        displayName: "x",
        idTokenSignedResponseAlg: "RS256",
        tokenEndpointAuthMethod: "client_secret_basic",
        scopeIds: ["no-such-scope"],
      }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { scopeIds: ["A chosen scope no longer exists. Reload and choose again."] } });
  });
});

describe("scope secrets (the client secret design, reused)", () => {
  it("issues a secret once, stores its hash, revokes it", async () => {
    const id = await scope("introspection.orders");
    const issued = await createScopeSecret({ id, description: "introspection", expiresAt: "" });
    if (!issued.ok) throw new Error(issued.message);
    expect(issued.data.ownerLabel).toBe("introspection.orders");
    const stored = await prisma.secret.findFirstOrThrow({
      where: { scopeId: id },
      select: { id: true, hash: true, clientInternalId: true, revokedAt: true, expiresAt: true },
    });
    expect(stored.hash).toBe(hashSecret(issued.data.value));
    expect(stored.clientInternalId).toBeNull();

    expect(await revokeScopeSecret({ id, secretId: stored.id })).toEqual({ ok: true, data: null });
    const revoked = await prisma.secret.findUniqueOrThrow({ where: { id: stored.id } });
    expect(secretStatus(revoked)).toBe("revoked");
    const events = await prisma.auditEvent.findMany({ where: { targetId: id, action: { startsWith: "secret." } } });
    expect(events.map((e) => e.action).sort()).toEqual(["secret.created", "secret.revoked"]);
    expect(JSON.stringify(events)).not.toContain(issued.data.value);
  });

  it("does not let a scope's action revoke a client's secret", async () => {
    const id = await scope("other.scope");
    const clientSecret = await prisma.secret.findFirst({ where: { clientInternalId: { not: null } } });
    expect(clientSecret).not.toBeNull();
    expect((await revokeScopeSecret({ id, secretId: clientSecret!.id })).ok).toBe(false);
  });
});
