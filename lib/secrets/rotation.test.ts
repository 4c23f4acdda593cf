import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createClient, rotateClientSecret } from "@/lib/clients/actions";
import { authenticateClient } from "@/lib/oauth/client-auth";
import { rotateScopeSecret } from "@/lib/scopes/actions";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput } from "@/lib/testing/fixtures";
import { addSecret, createScope } from "@/lib/testing/oauth";
import { graceEnd, safeToRevoke } from "./rotation";
import { hashSecret } from "./secret";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

const DAY = 86_400_000;

describe("rotation rules", () => {
  const now = new Date("2026-12-06T12:00:00Z");

  it("ends the grace after the chosen days, never after the secret's own expiry, never beyond the maximum", () => {
    expect(graceEnd(now, 7, null)).toEqual(new Date("2026-12-13T12:00:00Z"));
    expect(graceEnd(now, 7, new Date("2026-12-08T00:00:00Z"))).toEqual(new Date("2026-12-08T00:00:00Z"));
    expect(graceEnd(now, 365, null)).toEqual(new Date(now.getTime() + 30 * DAY));
  });

  it("is safe to revoke a rotated secret once nothing has used it since the rotation", () => {
    expect(safeToRevoke({ rotatedAt: null, lastUsedAt: null })).toBe(false);
    expect(safeToRevoke({ rotatedAt: now, lastUsedAt: null })).toBe(true);
    expect(safeToRevoke({ rotatedAt: now, lastUsedAt: new Date(now.getTime() - 1) })).toBe(true);
    expect(safeToRevoke({ rotatedAt: now, lastUsedAt: new Date(now.getTime() + 1) })).toBe(false);
  });
});

describe("rotateClientSecret / rotateScopeSecret", () => {
  let owner: CurrentAdmin;
  let profileId: string;

  beforeAll(async () => {
    owner = await createTestAdmin();
    profileId = (await prisma.profile.create({ data: { identifier: "RotationProfile", displayName: "Rotation profile" } })).id;
    await prisma.profileContext.create({ data: { id: -31, category: "Department", d0: "Rotation" } });
  });
  beforeEach(() => signInAs(owner));

  async function clientWithSecret(clientId: string, profileContextId?: string) {
    const created = { data: applied(await createClient(clientFormInput(profileId, { clientId, ...(profileContextId ? { profileContextId } : {}) }))) };
    const secret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: created.data.id }, select: { id: true } });
    return { id: created.data.id, value: created.data.secret!.value, secretId: secret.id };
  }

  it("issues a new secret, retires the old one after the grace, both authenticate meanwhile, and audits it in the same change", async () => {
    const client = await clientWithSecret("rotate-me");
    const before = Date.now();
    const result = { data: applied(await rotateClientSecret({ id: client.id, secretId: client.secretId, graceDays: "7", description: "" })) };
    expect(result.data.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const secrets = await prisma.secret.findMany({ where: { clientInternalId: client.id }, orderBy: { createdAt: "asc" } });
    expect(secrets).toHaveLength(2);
    const [old, fresh] = secrets as [(typeof secrets)[0], (typeof secrets)[0]];
    expect(old.rotatedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(old.expiresAt!.getTime() - old.rotatedAt!.getTime()).toBe(7 * DAY);
    expect(old.revokedAt).toBeNull();
    expect(result.data.retiringUntil).toBe(old.expiresAt!.toISOString());
    expect(fresh).toMatchObject({ expiresAt: null, rotatedAt: null, description: `Replaces …${old.hint}` });
    const { hash } = await prisma.secret.findUniqueOrThrow({ where: { id: fresh.id }, select: { hash: true } });
    expect(hash).toBe(hashSecret(result.data.value));

    // Never an outage: both secrets authenticate during the grace; the old one not after it.
    const as = (secret: string, at = new Date()) => authenticateClient({ method: "client_secret_basic", id: "rotate-me", secret }, at);
    await expect(as(client.value)).resolves.toMatchObject({ secretId: old.id });
    await expect(as(result.data.value)).resolves.toMatchObject({ secretId: fresh.id });
    await expect(as(client.value, new Date(old.expiresAt!.getTime() + 1))).rejects.toMatchObject({ error: "invalid_client" });
    await expect(as(result.data.value, new Date(old.expiresAt!.getTime() + 1))).resolves.toMatchObject({ secretId: fresh.id });

    const events = await prisma.auditEvent.findMany({ where: { targetId: client.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["client.created", "secret.created", "secret.created", "secret.rotated"]);
    expect(events[3]!.changes).toEqual({
      secretId: old.id,
      hint: old.hint,
      newSecretId: fresh.id,
      newHint: fresh.hint,
      expiresAt: old.expiresAt!.toISOString(),
    });
    expect(events[3]!.actorId).toBe(owner.id);
    expect(JSON.stringify(events)).not.toContain(result.data.value);

    // A retiring secret is not rotated again (nor a revoked or expired one).
    expect(await rotateClientSecret({ id: client.id, secretId: old.id, graceDays: 7, description: "" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already retiring/),
    });
    expect(await prisma.secret.count({ where: { clientInternalId: client.id } })).toBe(2);
  });

  it("keeps an earlier expiry, and refuses a grace of 0 or beyond 30 days on its field", async () => {
    const client = await clientWithSecret("rotate-soon");
    const soon = new Date(Date.now() + 2 * DAY);
    await prisma.secret.update({ where: { id: client.secretId }, data: { expiresAt: soon } });
    for (const graceDays of ["0", "31", "x"]) {
      const refused = await rotateClientSecret({ id: client.id, secretId: client.secretId, graceDays, description: "" });
      expect(refused).toMatchObject({ ok: false, fieldErrors: { graceDays: [expect.any(String)] } });
    }
    expect(await rotateClientSecret({ id: client.id, secretId: client.secretId, graceDays: 7, description: "next" })).toMatchObject({ ok: true });
    const old = await prisma.secret.findUniqueOrThrow({ where: { id: client.secretId } });
    expect(old.expiresAt).toEqual(soon);
  });

  it("refuses an Auditor, and an Editor outside the client's profile context, writing nothing", async () => {
    const inContext = await clientWithSecret("rotate-context", "-31");
    const elsewhere = await clientWithSecret("rotate-elsewhere");
    const auditor = await createTestAdmin(undefined, { role: "Auditor" });
    const bound = await createTestAdmin(undefined, { role: "Editor", reach: { kind: "context", profileId, profileContextId: -31 } });

    await signInAs(auditor);
    expect(await rotateClientSecret({ id: inContext.id, secretId: inContext.secretId, graceDays: 7, description: "" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    await signInAs(bound);
    expect(await rotateClientSecret({ id: elsewhere.id, secretId: elsewhere.secretId, graceDays: 7, description: "" })).toMatchObject({
      ok: false,
      message: "This client no longer exists.",
    });
    expect(await prisma.secret.count({ where: { clientInternalId: { in: [inContext.id, elsewhere.id] } } })).toBe(2);
    expect(await prisma.secret.count({ where: { clientInternalId: { in: [inContext.id, elsewhere.id] }, rotatedAt: { not: null } } })).toBe(0);

    // Within its reach the bound Editor may rotate; a secret of another client is not found through this one.
    expect(await rotateClientSecret({ id: inContext.id, secretId: elsewhere.secretId, graceDays: 7, description: "" })).toMatchObject({ ok: false });
    expect(await rotateClientSecret({ id: inContext.id, secretId: inContext.secretId, graceDays: 7, description: "" })).toMatchObject({ ok: true });
  });

  it("rotates a scope secret the same way, refused to an Auditor", async () => {
    const scope = await createScope("rotation.read");
    const { id: secretId } = await addSecret({ scopeId: scope.id }, { value: "scope-secret-1" });
    await signInAs(await createTestAdmin(undefined, { role: "Auditor" }));
    expect(await rotateScopeSecret({ id: scope.id, secretId, graceDays: 3, description: "" })).toMatchObject({ ok: false, code: "forbidden" });
    await signInAs(owner);
    const result = await rotateScopeSecret({ id: scope.id, secretId, graceDays: 3, description: "" });
    if (!result.ok) throw new Error(result.message);
    const old = await prisma.secret.findUniqueOrThrow({ where: { id: secretId } });
    expect(old.expiresAt!.getTime() - old.rotatedAt!.getTime()).toBe(3 * DAY);
    expect(await prisma.secret.count({ where: { scopeId: scope.id, revokedAt: null } })).toBe(2);
    expect((await prisma.auditEvent.findMany({ where: { targetId: scope.id } })).map((e) => e.action)).toEqual(["secret.created", "secret.rotated"]);
  });
});
