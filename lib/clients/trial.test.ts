import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runService } from "@/lib/actions/context";
import { actorOf } from "@/lib/audit/audit";
import { createTestAdmin, prisma } from "@/lib/testing/db";
import { createOAuthClient, createProfile, createScope } from "@/lib/testing/oauth";
import { startProtocolPortal, startUpstream, testBrowser } from "@/lib/testing/upstream";
import { consumeTrialCredential } from "./trial-credential";
import { addTrialRedirectUriRecord, finishTrial, startTrial, trialBlocker, trialRedirectUri, type TrialResult } from "./trial";

// "Try sign-in": the portal signs in to its own client as a test app, through a real identity
// provider and the portal's OpenID provider, with a one-time credential instead of a client secret.

process.env.PORTAL_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.ALLOW_PRIVATE_PROVIDER_HOSTS = "true";

let stopPortal: () => Promise<void>;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
const admin = { id: "admin-trial", email: "trier@example.test" };
const asAdmin = <R>(body: Parameters<typeof runService<R>>[2]) => runService(actorOf(admin), { kind: "all" }, body);

beforeAll(async () => {
  upstream = await startUpstream();
  ({ close: stopPortal } = await startProtocolPortal());
  await prisma.identityProvider.deleteMany();
  await upstream.provider("corp-trial");
});

afterAll(async () => {
  await stopPortal();
  await upstream.close();
});

async function webApp(method = "client_secret_basic") {
  const profile = await createProfile(`Trial${randomBytes(3).toString("hex")}`);
  const scopes = [];
  for (const name of ["openid", "email"]) scopes.push((await prisma.scope.findUnique({ where: { name } })) ?? (await createScope(name)));
  return createOAuthClient({
    clientId: `trial-${randomBytes(3).toString("hex")}`,
    profileId: profile.id,
    flow: "AuthorizationCode",
    method,
    alg: "RS256",
    scopeIds: scopes.map((s) => s.id),
    secrets: method === "none" ? [] : [{ value: "the-real-secret-the-portal-never-sees" }],
  });
}

describe("Try sign-in", () => {
  it("needs the portal's redirect URI, added with one audited change", async () => {
    const client = await webApp();
    expect(trialBlocker(client)).toContain(trialRedirectUri());
    await expect(asAdmin((ctx) => startTrial(ctx, admin.id, client.id))).rejects.toThrow(/redirect URI/);
    await asAdmin((ctx) => addTrialRedirectUriRecord(ctx, client.id));
    const row = await prisma.client.findUniqueOrThrow({ where: { id: client.id } });
    expect(row.redirectUris).toEqual([trialRedirectUri()]);
    expect(trialBlocker(row)).toBeNull();
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: client.id, action: "client.updated" } });
    expect(event.changes).toEqual({ redirectUris: { from: [], to: [trialRedirectUri()] } });
  });

  for (const method of ["client_secret_basic", "client_secret_post", "none"]) {
    it(`signs in through the provider and keeps the ID token's claims, never a token (${method})`, async () => {
      const client = await webApp(method);
      await asAdmin((ctx) => addTrialRedirectUriRecord(ctx, client.id));
      const { url, cookie } = await asAdmin((ctx) => startTrial(ctx, admin.id, client.id));
      expect(new URL(url).searchParams.get("prompt")).toBe("login");

      const browser = testBrowser();
      const choose = await browser.go(url, { stopAt: trialRedirectUri() });
      const link = /href="(\/interaction\/[^"]+\/provider\/corp-trial)"/.exec(choose.body)![1]!;
      const consent = await browser.go(new URL(link, process.env.PORTAL_URL).href, { stopAt: trialRedirectUri() });
      const action = /action="(\/interaction\/[^"]+\/consent)"/.exec(consent.body)![1]!;
      const back = await browser.go(new URL(action, process.env.PORTAL_URL).href, { stopAt: trialRedirectUri(), form: { allow: "yes" } });

      const done = await finishTrial(admin.id, cookie, back.url);
      expect(done?.clientInternalId).toBe(client.id);
      const trial = await prisma.clientTrial.findUniqueOrThrow({ where: { id: done!.trialId } });
      expect(trial.error).toBeNull();
      const result = trial.result as TrialResult;
      expect(result.header.alg).toBe("RS256");
      expect(result.claims).toMatchObject({ aud: client.clientId, iss: process.env.PORTAL_URL, email: "pat@example.test" });
      expect(JSON.stringify(trial)).not.toMatch(/eyJ/); // no JWT kept
      if (method !== "none") expect(trial.usedAt).not.toBeNull();
      // Shown only to the admin who ran it.
      expect(await finishTrial("someone-else", cookie, back.url)).toBeNull();
    });
  }

  it("is refused, with its redirect URI, for a client that holds more power than the admin", async () => {
    const client = await webApp();
    await prisma.client.update({ where: { id: client.id }, data: { adminApiRole: "Owner", redirectUris: [trialRedirectUri()] } });
    const editor = await createTestAdmin(undefined, { role: "Editor" });
    const asEditor = <R>(body: Parameters<typeof runService<R>>[2]) => runService(actorOf(editor), { kind: "all" }, body);
    await expect(asEditor((ctx) => startTrial(ctx, editor.id, client.id))).rejects.toThrow(/more than you hold/);
    await expect(asEditor((ctx) => addTrialRedirectUriRecord(ctx, client.id))).rejects.toThrow(/more than you hold/);
    expect(await prisma.clientTrial.count({ where: { clientInternalId: client.id } })).toBe(0);
  });

  it("takes its credential once, for its client only", async () => {
    const client = await webApp();
    const other = await webApp();
    await asAdmin((ctx) => addTrialRedirectUriRecord(ctx, client.id));
    const { cookie } = await asAdmin((ctx) => startTrial(ctx, admin.id, client.id));
    const { decryptString } = await import("@/lib/crypto/encryption");
    const { credential } = JSON.parse(decryptString(cookie, "client-trial")) as { credential: string };
    expect(await consumeTrialCredential(other.clientId, credential)).toBe(false);
    expect(await consumeTrialCredential(client.clientId, "not-the-credential")).toBe(false);
    expect(await consumeTrialCredential(client.clientId, credential)).toBe(true);
    expect(await consumeTrialCredential(client.clientId, credential)).toBe(false);
  });
});
