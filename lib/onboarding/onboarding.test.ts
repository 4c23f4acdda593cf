// The getting-started walkthrough and the needs-attention panel, against a real database: each step
// turns done only when it really happened; the panel counts only the clients within reach.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createClient } from "@/lib/clients/actions";
import { NO_ORIGIN } from "@/lib/audit/origin";
import { recordTokensIssued } from "@/lib/oauth/token-usage";
import { createProfileContext } from "@/lib/profiles/actions";
import { hashSecret } from "@/lib/secrets/secret";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput, clientRow } from "@/lib/testing/fixtures";
import { confirmSecretStored, dismissWalkthrough } from "./actions";
import { needsAttention } from "./attention";
import { canFollowWalkthrough, recordAuditSeen, walkthroughFor } from "./walkthrough";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let profileId: string;

beforeAll(async () => {
  profileId = (await prisma.profile.create({ data: { identifier: "OnboardingProfile", displayName: "Onboarding" } })).id;
});

const done = async (admin: CurrentAdmin) => Object.fromEntries((await walkthroughFor(admin.id)).steps.map((s) => [s.key, s.done]));

describe("walkthrough", () => {
  it("is shown only to those who may do every step", async () => {
    const owner = await createTestAdmin(undefined, { role: "Owner" });
    const editor = await createTestAdmin(undefined, { role: "Editor" });
    const auditor = await createTestAdmin(undefined, { role: "Auditor" });
    await prisma.profileContext.create({ data: { id: -900, category: "Team", d0: "Bound" } });
    const bound = await createTestAdmin(undefined, { role: "Editor", reach: { kind: "context", profileId, profileContextId: -900 } });
    expect([owner, editor, auditor, bound].map(canFollowWalkthrough)).toEqual([true, true, false, false]);
  });

  it("turns each step done only when it happened, keeps progress and can be dismissed and resumed", async () => {
    const admin = await createTestAdmin();
    await signInAs(admin);
    expect(Object.values(await done(admin))).toEqual([false, false, false, false, false]);

    expect((await createProfileContext({ id: -901, category: "Team", d0: "Onboarding", description: "" })).ok).toBe(true);
    expect(await done(admin)).toMatchObject({ context: true, client: false });

    const created = {
      data: applied(await createClient(clientFormInput(profileId, { clientId: "walkthrough-client", firstSecretDescription: "CI pipeline" }))),
    };
    expect(await done(admin)).toMatchObject({ client: true, secret: false, token: false });
    const firstSecret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: created.data.id } });
    expect(firstSecret.description).toBe("CI pipeline");

    // "I have stored it" follows the client; only the secret pasted back proves it was stored.
    expect((await confirmSecretStored({ clientInternalId: created.data.id })).ok).toBe(true);
    expect(await done(admin)).toMatchObject({ secret: false, token: false, audit: false });
    expect(await confirmSecretStored({ clientInternalId: created.data.id, secret: "not-the-secret" })).toEqual({ ok: true, data: { verified: false } });
    expect(await done(admin)).toMatchObject({ secret: false });
    expect(await confirmSecretStored({ clientInternalId: created.data.id, secret: created.data.secret!.value })).toEqual({
      ok: true,
      data: { verified: true },
    });
    expect(await done(admin)).toMatchObject({ secret: true, token: false, audit: false });

    // Seeing the audit log before any token call does not count.
    await recordAuditSeen(admin.id, [{ action: "client.created", targetId: created.data.id }]);
    expect((await done(admin)).audit).toBe(false);

    const now = new Date();
    const summary = { clientInternalId: created.data.id, start: now, end: now, origin: NO_ORIGIN, perSecret: new Map([["", 1]]) };
    await recordTokensIssued([created.data.id], now, [], [summary]);
    expect(await done(admin)).toMatchObject({ token: true, audit: false });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "token.issued", targetId: created.data.id } });
    await recordAuditSeen(admin.id, [event]);
    const walkthrough = await walkthroughFor(admin.id);
    expect(walkthrough.complete).toBe(true);
    expect(walkthrough.client?.clientId).toBe("walkthrough-client");

    expect((await dismissWalkthrough({ dismissed: true })).ok).toBe(true);
    expect((await walkthroughFor(admin.id)).dismissed).toBe(true);
    expect((await dismissWalkthrough({ dismissed: false })).ok).toBe(true);
    expect((await walkthroughFor(admin.id)).dismissed).toBe(false);
  });

  it("answers not found for 'I have stored it' on a client out of reach or unknown, and writes nothing", async () => {
    await prisma.profileContext.createMany({
      data: [
        { id: -920, category: "Stored", d0: "Mine" },
        { id: -921, category: "Stored", d0: "Theirs" },
      ],
    });
    const theirs = await prisma.client.create({ data: clientRow("stored-theirs", profileId, { profileContextId: -921 }) });
    const mine = await prisma.client.create({ data: clientRow("stored-mine", profileId, { profileContextId: -920 }) });
    const editor = await createTestAdmin(undefined, { role: "Editor", reach: { kind: "context", profileId, profileContextId: -920 } });
    await signInAs(editor);
    for (const id of [theirs.id, "no-such-client"]) {
      const answer = await confirmSecretStored({ clientInternalId: id });
      expect(answer).toMatchObject({ ok: false, message: "This client no longer exists." });
    }
    expect(await prisma.onboardingProgress.findUnique({ where: { adminId: editor.id } })).toBeNull();
    expect((await confirmSecretStored({ clientInternalId: mine.id })).ok).toBe(true);
    expect(await prisma.onboardingProgress.findUnique({ where: { adminId: editor.id } })).toMatchObject({ clientInternalId: mine.id });
  });

  it("ignores 'I have stored it' for a client of another flow", async () => {
    const other = await prisma.client.create({ data: clientRow("not-cc", profileId, { flow: "AuthorizationCode", redirectUris: ["https://a.example/cb"] }) });
    const admin = await createTestAdmin();
    await signInAs(admin);
    expect((await confirmSecretStored({ clientInternalId: other.id })).ok).toBe(true);
    expect(await prisma.onboardingProgress.findUnique({ where: { adminId: admin.id } })).toBeNull();

    const auditor = await createTestAdmin(undefined, { role: "Auditor" });
    await signInAs(auditor);
    expect(await confirmSecretStored({ clientInternalId: other.id })).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("needs attention", () => {
  it("lists expiring, weak and never-used secrets, and only the clients within reach", async () => {
    const now = new Date();
    await prisma.profileContext.createMany({
      data: [
        { id: -910, category: "A", d0: "Mine" },
        { id: -911, category: "A", d0: "Theirs" },
      ],
    });
    const mine = await prisma.client.create({
      data: clientRow("attention-mine", profileId, { profileContextId: -910, expiresAt: new Date(now.getTime() + 5 * 86_400_000) }),
    });
    const theirs = await prisma.client.create({ data: clientRow("attention-theirs", profileId, { profileContextId: -911 }) });
    await prisma.client.create({ data: clientRow("attention-implicit", profileId, { profileContextId: -911, flow: "Implicit", lastTokenAt: now }) });
    const far = await prisma.client.create({
      data: clientRow("attention-far", profileId, { profileContextId: -910, expiresAt: new Date(now.getTime() + 90 * 86_400_000), lastTokenAt: now }),
    });
    await prisma.secret.createMany({
      data: [
        {
          clientInternalId: mine.id,
          hash: hashSecret("a-long-random-value-1"),
          hint: "ue-1",
          createdBy: "t",
          expiresAt: new Date(now.getTime() + 3 * 86_400_000),
        },
        { clientInternalId: theirs.id, hash: hashSecret("secret"), hint: "cret", createdBy: "t" },
        {
          clientInternalId: far.id,
          hash: hashSecret("a-long-random-value-2"),
          hint: "ue-2",
          createdBy: "t",
          expiresAt: new Date(now.getTime() + 60 * 86_400_000),
        },
      ],
    });

    const all = await needsAttention({ kind: "all" }, { withAuditEvents: true, now });
    const kinds = (clientId: string) =>
      all.items
        .filter((i) => i.label === clientId)
        .map((i) => i.kind)
        .sort();
    expect(kinds("attention-mine")).toEqual(["client-expiring", "never-used", "secret-expiring"]);
    expect(kinds("attention-theirs")).toEqual(["never-used", "weak-secret"]);
    expect(kinds("attention-far")).toEqual([]);
    expect(kinds("attention-implicit")).toEqual(["implicit-flow"]);
    expect(all.recent).not.toBeNull();

    const bound = await needsAttention({ kind: "context", profileId, profileContextId: -910 }, { withAuditEvents: false, now });
    expect(new Set(bound.items.map((i) => i.label))).toEqual(new Set(["attention-mine"])); // not the Implicit one of -911
    expect(bound.recent).toBeNull();
  });

  it("lists secrets that break their profile's policy, scope secrets expiring, each expiry with its 30/7/1-day warning", async () => {
    const now = new Date();
    const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
    const strict = await prisma.profile.create({ data: { identifier: "StrictPolicy", displayName: "Strict", secretMaxDays: 30 } });
    const client = await prisma.client.create({ data: clientRow("attention-policy", strict.id, { lastTokenAt: now }) });
    const secret = (hint: string, data: { createdAt?: Date; expiresAt?: Date | null; revokedAt?: Date }) => ({
      clientInternalId: client.id,
      hash: hashSecret(`a-long-random-value-${hint}`),
      hint,
      createdBy: "t",
      ...data,
    });
    await prisma.secret.createMany({
      data: [
        secret("ever", { expiresAt: null }), // never expires under a 30-day policy
        secret("long", { createdAt: day(-5), expiresAt: day(26) }), // 31 days after its creation
        secret("fine", { createdAt: day(-5), expiresAt: day(25) }), // exactly 30: within the policy, warned at 30 days
        secret("gone", { expiresAt: null, revokedAt: day(-1) }), // revoked: no longer matters
        secret("soon", { createdAt: day(-29), expiresAt: day(0.5) }), // within the policy, expires within a day
      ],
    });
    const scope = await prisma.scope.create({ data: { name: "attention.scope", displayName: "Attention" } });
    await prisma.secret.create({ data: { scopeId: scope.id, hash: hashSecret("a-long-random-scope-value"), hint: "scop", createdBy: "t", expiresAt: day(6) } });

    const { items } = await needsAttention({ kind: "all" }, { withAuditEvents: false, now });
    const mine = items.filter((i) => i.label === "attention-policy" || i.label === "attention.scope");
    // Newest first: the secret made now, then the one made 5 days ago.
    expect(mine.filter((i) => i.kind === "secret-breaks-policy").map((i) => i.detail)).toEqual([
      "secret …ever breaks its profile's policy of at most 30 days: it never expires",
      "secret …long breaks its profile's policy of at most 30 days: it expires",
    ]);
    expect(mine.filter((i) => i.kind.endsWith("expiring")).map((i) => [i.kind, i.detail, i.warning, i.href])).toEqual([
      ["secret-expiring", "secret …soon expires", 1, `/clients/${client.id}`],
      ["scope-secret-expiring", "scope secret …scop expires", 7, `/scopes/${scope.id}`],
      ["secret-expiring", "secret …fine expires", 30, `/clients/${client.id}`],
      ["secret-expiring", "secret …long expires", 30, `/clients/${client.id}`],
    ]);

    // A context-bound admin sees neither another context's clients nor the scopes (no context of their own).
    const bound = await needsAttention({ kind: "context", profileId: strict.id, profileContextId: -910 }, { withAuditEvents: false, now });
    expect(bound.items.filter((i) => i.label === "attention-policy" || i.label === "attention.scope")).toEqual([]);
  });
});
