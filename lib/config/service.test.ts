import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runService } from "@/lib/actions/context";
import type { Actor } from "@/lib/audit/audit";
import { ALL } from "@/lib/auth/reach";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { createTokenEndpoint } from "@/lib/oauth/token-endpoint";
import { createTokenUsageRecorder, recordTokensIssued } from "@/lib/oauth/token-usage";
import { formRequest } from "@/lib/testing/oauth";
import { ensureDefaultProfiles } from "@/lib/profiles/defaults";
import { ensureBuiltInScopes } from "@/lib/scopes/builtin";
import { prisma } from "@/lib/testing/db";
import { exportConfiguration, importConfiguration, type ImportOptions } from "./service";

const fixtures = path.join(__dirname, "fixtures");
const usercubeExample = readFileSync(path.join(fixtures, "usercube-example.xml"), "utf8");
const JOB = `<OpenIdClient Identifier="Job" HashedSecret="K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=" DisplayName_L1="ClientId for Jobs" Profile="Administrator" />`;
const actor: Actor = { type: "admin", id: "admin-1", label: "admin@example.test" };

const run = (options: Partial<ImportOptions> & Pick<ImportOptions, "text">) =>
  runService(actor, ALL, (ctx) => importConfiguration(ctx, { format: "usercube-xml", dryRun: false, createMissingProfiles: false, ...options }));

/** Every table an import may write, to prove a dry run or a refused import wrote nothing. */
async function counts() {
  return {
    profiles: await prisma.profile.count(),
    contexts: await prisma.profileContext.count(),
    scopes: await prisma.scope.count(),
    clients: await prisma.client.count(),
    secrets: await prisma.secret.count(),
    providers: await prisma.identityProvider.count(),
    audit: await prisma.auditEvent.count(),
  };
}

async function resetDatabase() {
  await prisma.auditEvent.deleteMany();
  await prisma.secret.deleteMany();
  await prisma.clientScope.deleteMany();
  await prisma.client.deleteMany();
  await prisma.identityProvider.deleteMany();
  await prisma.scope.deleteMany();
  await prisma.profileContext.deleteMany();
  await prisma.profile.deleteMany();
  // What a fresh installation has: the Administrator profile and the built-in scopes.
  await ensureDefaultProfiles(prisma);
  await ensureBuiltInScopes(prisma);
  // The importer checks the actor's own power in the database (lib/auth/power.ts): an Owner.
  await prisma.adminUser.upsert({ where: { id: actor.id }, create: { id: actor.id, email: actor.label, name: "Admin", role: "Owner" }, update: {} });
}

beforeEach(resetDatabase);

describe("Usercube XML import", () => {
  it("imports the Job client with its HashedSecret, and `Job:secret` then gets a token from the token endpoint", async () => {
    const report = await run({ text: JOB });
    expect(report).toMatchObject({ valid: true, applied: true, problems: [], summary: { create: 1, change: 0, unchanged: 0 } });
    expect(report.warnings).toEqual([{ path: "/OpenIdClient[1]/@HashedSecret", message: expect.stringContaining("weak") }]);

    const writes: string[] = [];
    const endpoint = createTokenEndpoint(
      { perClient: new RateLimiter(100, 60_000), perAddress: new RateLimiter(100, 60_000) },
      createTokenUsageRecorder(async (ids, at, uses, summaries) => {
        writes.push(...ids);
        await recordTokensIssued(ids, at, uses, summaries);
      }),
    );
    const response = await endpoint(
      formRequest("http://localhost:3000/oauth/token", { grant_type: "client_credentials" }, { basic: ["Job", "secret"] }),
      "test",
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(typeof body.access_token).toBe("string");
    const job = await prisma.client.findUniqueOrThrow({ where: { clientId: "Job" }, include: { profile: true } });
    expect(job).toMatchObject({
      displayName: "ClientId for Jobs",
      flow: "ClientCredentials",
      tokenEndpointAuthMethod: "client_secret_basic",
      profileContextId: null,
    });
    expect(job.profile.identifier).toBe("Administrator");
    await new Promise((r) => setTimeout(r, 200));
    expect(writes).toEqual([job.id]);
    expect((await prisma.client.findUniqueOrThrow({ where: { id: job.id } })).lastTokenAt).not.toBeNull();

    // Audited, and never with the hash.
    const events = await prisma.auditEvent.findMany({ orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["client.imported", "secret.imported", "config.imported", "token.issued"]);
    expect(events.at(-1)).toMatchObject({ actorType: "client", actorLabel: "Job", targetLabel: "Job" });
    expect(JSON.stringify(events)).not.toContain("K7gNU3sdo");
  });

  it("imports the seed example (contexts and clients in any order) once the profiles exist, or creates them when asked", async () => {
    const refused = await run({ text: usercubeExample });
    expect(refused.valid).toBe(false);
    expect(refused.problems).toEqual([
      { path: "/ConfigurationFile/OpenIdClient[2]/@Profile", message: expect.stringContaining('"RoleOfficerByCategory" does not exist') },
    ]);
    const report = await run({ text: usercubeExample, createMissingProfiles: true });
    expect(report.valid).toBe(true);
    expect(report.entries.map((e) => [e.kind, e.key, e.action])).toEqual([
      ["profile", "RoleOfficerByCategory", "create"],
      ["profileContext", "-2", "create"],
      ["client", "Job", "create"],
      ["client", "RoleOfficerByCategory", "create"],
    ]);
    const officer = await prisma.client.findUniqueOrThrow({ where: { clientId: "RoleOfficerByCategory" }, include: { profile: true } });
    expect(officer).toMatchObject({ profileContextId: -2, expiresAt: new Date("2030-12-31T00:00:00Z") });
    expect(officer.profile.identifier).toBe("RoleOfficerByCategory");

    // The same document again changes nothing.
    const again = await run({ text: usercubeExample, dryRun: true });
    expect(again.entries.map((e) => e.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
  });

  it("a dry run shows the plan field by field and writes nothing", async () => {
    await run({ text: JOB });
    const before = await counts();
    const report = await run({
      text: `<OpenIdClient Identifier="Job" DisplayName_L1="Nightly jobs" ExpirationDate="2031-01-01" HashedSecret="btAxG5VsrfvRuTWxqe4x1o+Q7jMtvd6Ex6Au1Xnzz4A=" /><ProfileContext Id="-5" Category="Site" D0="Paris" />`,
      dryRun: true,
    });
    expect(report).toMatchObject({ valid: true, applied: false, dryRun: true });
    expect(report.entries).toEqual([
      {
        kind: "profileContext",
        key: "-5",
        path: "/ProfileContext[1]",
        action: "create",
        changes: [
          { field: "Id", from: null, to: -5 },
          { field: "Category", from: null, to: "Site" },
          { field: "D0", from: null, to: "Paris" },
        ],
      },
      {
        kind: "client",
        key: "Job",
        path: "/OpenIdClient[1]",
        action: "change",
        changes: [
          { field: "DisplayName_L1", from: "ClientId for Jobs", to: "Nightly jobs" },
          { field: "ExpirationDate", from: null, to: "2031-01-01T00:00:00.000Z" },
          { field: "secrets", from: null, to: ["added: Imported from Usercube"] },
        ],
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("writes nothing when any entry is invalid, and lists every problem", async () => {
    const before = await counts();
    const report = await run({
      text: `<x><ProfileContext Id="-3" Category="a" D0="b" /><OpenIdClient Identifier="new-one" /><OpenIdClient Identifier="other" DisplayName_L1="x" Profile="Administrator" ContextId="-9" /></x>`,
    });
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => p.path)).toEqual(["/x/OpenIdClient[1]/@DisplayName_L1", "/x/OpenIdClient[1]/@Profile", "/x/OpenIdClient[2]/@ContextId"]);
    expect(await counts()).toEqual(before);
  });
});

describe("whole-portal JSON", () => {
  it("round trip: export → import into an empty database → export gives the same document", async () => {
    await run({ text: usercubeExample, createMissingProfiles: true });
    await prisma.scope.create({ data: { name: "orders.read", displayName: "Read orders" } });
    const exported = async () =>
      (await runService(actor, ALL, (ctx) => exportConfiguration(ctx, { format: "portal-json", includeProviderSecrets: false }))).body;
    const first = await exported();
    await resetDatabase();
    const report = await run({ format: "portal-json", text: first });
    expect(report.problems).toEqual([]);
    expect(report.summary.create).toBeGreaterThan(0);
    expect(await exported()).toBe(first);
  });

  it("an import that changes only a client's owners is a change, written and exported (the XML keeps them)", async () => {
    await run({ text: JOB });
    const exported = async (format: "portal-json" | "usercube-xml" = "portal-json") =>
      (await runService(actor, ALL, (ctx) => exportConfiguration(ctx, { format, includeProviderSecrets: false }))).body;
    const document = JSON.parse(await exported());
    document.clients[0].owners = ["Team Jobs", "jobs@example.com"];
    const report = await run({ format: "portal-json", text: JSON.stringify(document) });
    expect(report.entries.filter((e) => e.action !== "unchanged")).toEqual([
      { kind: "client", key: "Job", path: "clients[0]", action: "change", changes: [{ field: "owners", from: null, to: ["Team Jobs", "jobs@example.com"] }] },
    ]);
    expect((await prisma.client.findUniqueOrThrow({ where: { clientId: "Job" } })).owners).toEqual(["Team Jobs", "jobs@example.com"]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "client.imported" }, orderBy: { at: "desc" } });
    expect(event.changes).toEqual({ result: "updated", owners: { from: null, to: ["Team Jobs", "jobs@example.com"] } });
    expect(JSON.parse(await exported()).clients[0].owners).toEqual(["Team Jobs", "jobs@example.com"]);
    // The Usercube XML does not carry them: importing it back keeps them.
    expect((await run({ text: await exported("usercube-xml") })).entries.every((e) => e.action === "unchanged")).toBe(true);
    expect((await prisma.client.findUniqueOrThrow({ where: { clientId: "Job" } })).owners).toEqual(["Team Jobs", "jobs@example.com"]);
  });

  it("applies the forms' rules to clients (one Active provider, redirect URIs) and writes nothing on a problem", async () => {
    const before = await counts();
    const document = {
      format: "oidc-admin-portal",
      version: 1,
      clients: [
        {
          client_id: "web",
          display_name: "Web",
          flow: "AuthorizationCode",
          token_endpoint_auth_method: "client_secret_basic",
          profile: "Administrator",
          redirect_uris: [],
        },
      ],
      identity_providers: ["a", "b"].map((name) => ({
        provider_name: name,
        authentication_mode: "Active",
        client_id: "portal",
        authority: "https://idp.example.com",
        authentication_method: "redirect_get",
        response_mode: "query",
        response_type: "code",
      })),
    };
    const clients = await run({ format: "portal-json", text: JSON.stringify({ ...document, identity_providers: [] }) });
    expect(clients.problems).toEqual([{ path: "clients[0].redirect_uris", message: expect.stringContaining("Add at least one redirect URI") }]);
    const providers = await run({ format: "portal-json", text: JSON.stringify({ ...document, clients: [] }) });
    expect(providers.problems).toEqual([
      { path: "identity_providers[1].authentication_mode", message: expect.stringContaining('"a" is already the Active provider') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("carries provider client secrets only sealed with the passphrase", async () => {
    await run({
      format: "portal-json",
      text: JSON.stringify({
        format: "oidc-admin-portal",
        version: 1,
        identity_providers: [
          {
            provider_name: "corp",
            authentication_mode: "Passive",
            client_id: "portal",
            client_secret: "upstream-secret-value",
            authority: "https://idp.example.com",
            authentication_method: "redirect_get",
            response_mode: "query",
            response_type: "code",
          },
        ],
      }),
    });
    const plain = await runService(actor, ALL, (ctx) => exportConfiguration(ctx, { format: "portal-json", includeProviderSecrets: false }));
    expect(plain.body).not.toContain("client_secret");
    const sealed = await runService(actor, ALL, (ctx) =>
      exportConfiguration(ctx, { format: "portal-json", includeProviderSecrets: true, passphrase: "a long passphrase" }),
    );
    expect(sealed.body).toContain("client_secret_encrypted");
    expect(sealed.body).not.toContain("upstream-secret-value");
    await resetDatabase();
    const report = await run({ format: "portal-json", text: sealed.body, passphrase: "a long passphrase" });
    expect(report.problems).toEqual([]);
    const exportedAgain = await runService(actor, ALL, (ctx) =>
      exportConfiguration(ctx, { format: "portal-json", includeProviderSecrets: true, passphrase: "another passphrase" }),
    );
    expect(exportedAgain.body).toContain("client_secret_encrypted");
    const audit = await prisma.auditEvent.findMany();
    expect(JSON.stringify(audit)).not.toContain("upstream-secret-value");
  });

  it("exports the Usercube XML that imports back", async () => {
    await run({ text: usercubeExample, createMissingProfiles: true });
    const xml = await runService(actor, ALL, (ctx) => exportConfiguration(ctx, { format: "usercube-xml", includeProviderSecrets: false }));
    expect(xml.body).toContain(
      '<OpenIdClient Identifier="Job" HashedSecret="K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=" DisplayName_L1="ClientId for Jobs" Profile="Administrator" />',
    );
    const report = await run({ text: xml.body, dryRun: true });
    expect(report.entries.every((e) => e.action === "unchanged")).toBe(true);
  });
});
