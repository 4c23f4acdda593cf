import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import type { CurrentAdmin } from "@/lib/auth/session";
import { keyIdOf } from "@/lib/crypto/encryption";
import example from "./fixtures/example.json";
import { NEW_PROVIDER_VALUES, type CreateProviderInput } from "./schema";
import { createProvider, deleteProvider, importProviders, testProviderConnection, updateProvider } from "./actions";
import { GET as exportGet, POST as exportPost } from "@/app/(portal)/providers/export/route";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

// A key of this test's own: nothing is written to data/encryption-key.
const key = randomBytes(32);
process.env.PORTAL_ENCRYPTION_KEY = key.toString("base64");

/** The example document, as a mutable copy. */
type Doc = { open_id_connect: Record<string, unknown>[] };
const exampleCopy = () => structuredClone(example) as unknown as Doc;

let admin: CurrentAdmin;
let n = 0;

function input(overrides: Partial<CreateProviderInput> = {}): CreateProviderInput {
  n++;
  return { ...NEW_PROVIDER_VALUES, providerName: `idp-${n}`, clientId: `client-${n}`, authority: `https://idp${n}.example`, ...overrides };
}

async function created(overrides: Partial<CreateProviderInput> = {}) {
  const result = await createProvider(input(overrides));
  if (!result.ok) throw new Error(`createProvider refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.id;
}

/** The edit form's values for a stored provider (the secret input empty, as the browser has it). */
async function editValues(id: string) {
  const { settingsToFormValues, rowToSettings } = await import("./schema");
  const row = await prisma.identityProvider.findUniqueOrThrow({ where: { id } });
  return { ...settingsToFormValues(rowToSettings(row)), id, version: row.version, secretAction: "keep" as const };
}

const storedCiphertext = async (id: string) =>
  (await prisma.identityProvider.findUniqueOrThrow({ where: { id }, select: { clientSecretEncrypted: true } })).clientSecretEncrypted;

function exportRequest(method: "GET" | "POST", params: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const url = new URL("http://portal.test/providers/export");
  if (method === "GET") {
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return exportGet(new Request(url, { headers }));
  }
  return exportPost(new Request(url, { method, body: new URLSearchParams(params), headers: { host: "portal.test", ...headers } }));
}

async function exported(method: "GET" | "POST", params: Record<string, string> = {}) {
  const response = await exportRequest(method, params);
  expect(response.status).toBe(200);
  return (await response.json()) as { open_id_connect: Record<string, unknown>[] };
}

beforeAll(async () => {
  admin = await createTestAdmin();
});

beforeEach(async () => {
  await prisma.identityProvider.deleteMany();
  await prisma.auditEvent.deleteMany();
  await signInAs(admin);
});

describe("createProvider and updateProvider", () => {
  it("creates a provider with its secret encrypted, and audits without the secret", async () => {
    const id = await created({ providerName: "AzureAD", clientSecret: "very-secret-value-1" });
    const row = await prisma.identityProvider.findUniqueOrThrow({ where: { id }, omit: { clientSecretEncrypted: false } });
    expect(row).toMatchObject({ providerName: "AzureAD", scope: ["openid", "profile", "email"], version: 1, metadataAddress: null });
    expect(row.clientSecretEncrypted).toMatch(new RegExp(`^v1\\.${keyIdOf(key)}\\.`));
    // The default query leaves the column out.
    expect(await prisma.identityProvider.findUniqueOrThrow({ where: { id } })).not.toHaveProperty("clientSecretEncrypted");

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: id } });
    expect(event).toMatchObject({ action: "provider.created", targetType: "provider", targetLabel: "AzureAD", actorId: admin.id });
    expect(event.changes).toMatchObject({ providerName: { from: null, to: "AzureAD" }, clientSecret: { from: "not set", to: "set" } });
    const text = JSON.stringify(event);
    expect(text).not.toContain("very-secret-value-1");
    expect(text).not.toContain(row.clientSecretEncrypted!.split(".")[4]);
  });

  it("refuses a second enabled Active provider, naming the first, on authentication_mode", async () => {
    const first = await created({ providerName: "primary", authenticationMode: "Active" });
    const before = await prisma.identityProvider.count();
    const second = await createProvider(input({ providerName: "secondary", authenticationMode: "Active" }));
    expect(second).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { authenticationMode: [expect.stringMatching(/^"primary" is already the Active provider/)] },
    });
    expect(await prisma.identityProvider.count()).toBe(before);

    // Disabled, or Passive: fine. Editing the Active one itself: fine.
    const disabled = await created({ providerName: "standby", authenticationMode: "Active", isEnabled: false });
    expect((await updateProvider({ ...(await editValues(first)), clientId: "changed" })).ok).toBe(true);
    // Enabling the disabled Active one is the same conflict.
    const enable = await updateProvider({ ...(await editValues(disabled)), isEnabled: true });
    expect(enable.ok).toBe(false);
    if (!enable.ok) expect(enable.fieldErrors?.authenticationMode?.[0]).toMatch(/"primary"/);
    // Once the first is Passive, another may be Active.
    expect((await updateProvider({ ...(await editValues(first)), authenticationMode: "Passive" })).ok).toBe(true);
    expect((await updateProvider({ ...(await editValues(disabled)), isEnabled: true })).ok).toBe(true);
  });

  it("holds the one-Active rule in the database too: a write that bypasses the code is refused", async () => {
    await created({ providerName: "db-primary", authenticationMode: "Active" });
    const { settingsData, activeRaceError } = await import("./store");
    const { NEW_PROVIDER_VALUES: values } = await import("./schema");
    const row = { ...values, providerName: "db-second", clientId: "x", authority: "https://x.example", authenticationMode: "Active" };
    const { createProviderSchema } = await import("./schema");
    const { clientSecret: _secret, ...settings } = createProviderSchema.parse(row);
    const error = await prisma.identityProvider.create({ data: settingsData(settings) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "P2002" });
    expect(activeRaceError(error)?.fieldErrors).toEqual({ authenticationMode: [expect.stringMatching(/^Another provider was just made Active/)] });
    // Disabled or Passive rows are outside the index.
    await prisma.identityProvider.create({ data: { ...settingsData(settings), isEnabled: false } });
    await prisma.identityProvider.create({ data: { ...settingsData(settings), providerName: "db-third", authenticationMode: "Passive" } });
  });

  it("lets exactly one of two simultaneous Active saves win", async () => {
    const results = await Promise.all([
      createProvider(input({ providerName: "race-a", authenticationMode: "Active" })),
      createProvider(input({ providerName: "race-b", authenticationMode: "Active" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.fieldErrors?.authenticationMode).toHaveLength(1);
    expect(await prisma.identityProvider.count({ where: { authenticationMode: "Active", isEnabled: true } })).toBe(1);
  });

  it("refuses a taken provider_name on its field", async () => {
    await created({ providerName: "taken" });
    const again = await createProvider(input({ providerName: "taken" }));
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.fieldErrors).toEqual({ providerName: ["A provider with this name already exists."] });
    const other = await created();
    const rename = await updateProvider({ ...(await editValues(other)), providerName: "taken" });
    expect(rename.ok).toBe(false);
  });

  it("keeps, replaces and clears the secret as asked, and never returns it", async () => {
    const id = await created({ clientSecret: "first-secret" });
    const original = await storedCiphertext(id);

    const kept = await updateProvider({ ...(await editValues(id)), clientId: "renamed-client" });
    expect(kept).toEqual({ ok: true, data: { version: 2, hasSecret: true } });
    expect(await storedCiphertext(id)).toBe(original);

    const replaced = await updateProvider({ ...(await editValues(id)), secretAction: "replace", clientSecret: "second-secret" });
    expect(replaced).toEqual({ ok: true, data: { version: 3, hasSecret: true } });
    const second = await storedCiphertext(id);
    expect(second).not.toBe(original);
    expect((await exported("POST", { id, includeSecrets: "on" })).open_id_connect[0]?.client_secret).toBe("second-secret");

    const cleared = await updateProvider({ ...(await editValues(id)), secretAction: "clear" });
    expect(cleared).toEqual({ ok: true, data: { version: 4, hasSecret: false } });
    expect(await storedCiphertext(id)).toBeNull();

    const events = await prisma.auditEvent.findMany({ where: { targetId: id, action: "provider.updated" }, orderBy: { at: "asc" } });
    expect(events.map((e) => (e.changes as Record<string, unknown>).clientSecret)).toEqual([
      undefined,
      { from: "set", to: "replaced" },
      { from: "set", to: "not set" },
    ]);
    expect(events[0]!.changes).toEqual({ clientId: { from: expect.any(String), to: "renamed-client" } });
  });

  it.each([
    ["assume_email_verified", "assumeEmailVerified"],
    ["trust_amr_multi_factor", "trustAmrMultiFactor"],
  ] as const)("%s: off by default; turning it on is saved, audited, exported and imported", async (documentKey, field) => {
    const id = await created();
    expect(await prisma.identityProvider.findUniqueOrThrow({ where: { id } })).toMatchObject({ [field]: false });
    expect(await updateProvider({ ...(await editValues(id)), [field]: true })).toMatchObject({ ok: true });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "provider.updated" } });
    expect(event.changes).toEqual({ [field]: { from: false, to: true } });
    const [entry] = (await exported("GET", { id })).open_id_connect;
    expect(entry).toMatchObject({ [documentKey]: true });

    // An entry without the key means off (the Content Hub shape has no such key).
    const { [documentKey]: _dropped, ...withoutKey } = entry!;
    expect(await importProviders({ json: JSON.stringify({ open_id_connect: [withoutKey] }) })).toMatchObject({ ok: true });
    expect(await prisma.identityProvider.findUniqueOrThrow({ where: { id } })).toMatchObject({ [field]: false });
  });

  it("refuses the second of two saves made from the same version", async () => {
    const id = await created();
    const opened = await editValues(id);
    expect((await updateProvider({ ...opened, clientId: "first-admin" })).ok).toBe(true);
    const second = await updateProvider({ ...opened, clientId: "second-admin" });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.message).toMatch(/changed by someone else since you opened it/);
    expect(await prisma.identityProvider.findUniqueOrThrow({ where: { id } })).toMatchObject({ clientId: "first-admin", version: 2 });
  });

  it("deletes a provider and audits it; refuses without a session", async () => {
    const id = await created({ providerName: "gone" });
    expect(await deleteProvider({ id })).toEqual({ ok: true, data: null });
    expect(await prisma.identityProvider.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { targetId: id, action: "provider.deleted" } })).toBe(1);

    await signInAs(null);
    expect(await createProvider(input())).toEqual({ ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." });
    expect((await importProviders({ json: JSON.stringify(example) })).ok).toBe(false);
    expect((await testProviderConnection({ authority: "https://idp.example", responseType: "code", responseMode: "query", scope: "" })).ok).toBe(false);
    expect(await prisma.identityProvider.count()).toBe(0);
  });
});

describe("encryption at rest", () => {
  it("leaves no clear client secret in any row or in the database file (or dump)", async () => {
    const secrets = ["clear-secret-alpha-7Qx", "clear-secret-beta-9Zr"];
    const ids = [await created({ clientSecret: secrets[0] })];
    const other = await created();
    await updateProvider({ ...(await editValues(other)), secretAction: "replace", clientSecret: secrets[1]! });
    ids.push(other);
    const imported = exampleCopy();
    imported.open_id_connect[0]!.client_secret = "clear-secret-gamma-4Wp";
    secrets.push("clear-secret-gamma-4Wp");
    expect((await importProviders({ json: JSON.stringify(imported) })).ok).toBe(true);

    const envelopes = (await prisma.identityProvider.findMany({ omit: { clientSecretEncrypted: false } }))
      .map((r) => r.clientSecretEncrypted)
      .filter((e): e is string => e !== null);
    expect(envelopes).toHaveLength(3);
    const rows = JSON.stringify([await prisma.identityProvider.findMany({ omit: { clientSecretEncrypted: false } }), await prisma.auditEvent.findMany()]);
    const file = await databaseContents();
    for (const secret of secrets) {
      expect(rows).not.toContain(secret);
      expect(file.includes(Buffer.from(secret))).toBe(false);
    }
    // …while the envelopes are there: the search itself works.
    expect(file.includes(Buffer.from(`v1.${keyIdOf(key)}.`))).toBe(true);
    for (const envelope of envelopes) expect(file.includes(Buffer.from(envelope))).toBe(true);
  });
});

describe("import", () => {
  const snapshot = async () =>
    JSON.stringify([
      await prisma.identityProvider.findMany({ omit: { clientSecretEncrypted: false }, orderBy: { providerName: "asc" } }),
      await prisma.auditEvent.count(),
    ]);

  it("imports the example document: creates the providers, encrypts the secret, audits each", async () => {
    const result = await importProviders({ json: JSON.stringify(example) });
    expect(result).toEqual({ ok: true, data: { created: ["AzureAD", "okta-partners"], updated: [] } });
    const azure = await prisma.identityProvider.findUniqueOrThrow({ where: { providerName: "AzureAD" }, omit: { clientSecretEncrypted: false } });
    expect(azure).toMatchObject({ authenticationMode: "Active", responseType: "code id_token", maxAge: 3600, prompt: "select_account" });
    expect(azure.clientSecretEncrypted).toMatch(/^v1\./);
    const events = await prisma.auditEvent.findMany({ where: { action: "provider.imported" } });
    expect(events.map((e) => [e.targetLabel, (e.changes as { result: string }).result]).sort()).toEqual([
      ["AzureAD", "created"],
      ["okta-partners", "created"],
    ]);
  });

  it("updates a provider of the same name, keeps its secret when the entry has none, and checks Active on the final state", async () => {
    const azureId = await created({ providerName: "AzureAD", authenticationMode: "Active", clientSecret: "kept-secret" });
    const kept = await storedCiphertext(azureId);
    // The document makes AzureAD Passive and a new provider Active: fine in the final state.
    const document = {
      open_id_connect: [
        { ...example.open_id_connect[0], client_secret: undefined, authentication_mode: "Passive", client_id: "from-import" },
        { ...example.open_id_connect[1], provider_name: "new-active", authentication_mode: "Active", is_enabled: true },
      ],
    };
    const result = await importProviders({ json: JSON.stringify(document) });
    expect(result).toEqual({ ok: true, data: { created: ["new-active"], updated: ["AzureAD"] } });
    const azure = await prisma.identityProvider.findUniqueOrThrow({ where: { id: azureId } });
    expect(azure).toMatchObject({ authenticationMode: "Passive", clientId: "from-import", version: 2 });
    expect(await storedCiphertext(azureId)).toBe(kept);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: azureId, action: "provider.imported" } });
    expect(event.changes).toMatchObject({ result: "updated", clientId: { to: "from-import" }, authenticationMode: { from: "Active", to: "Passive" } });
  });

  it("imports a document that swaps the Active provider, whatever the entries' order", async () => {
    await created({ providerName: "old-active", authenticationMode: "Active" });
    const document = {
      open_id_connect: [
        { ...example.open_id_connect[1], provider_name: "next-active", authentication_mode: "Active", is_enabled: true },
        { ...example.open_id_connect[0], provider_name: "old-active", client_secret: undefined, authentication_mode: "Passive" },
      ],
    };
    const result = await importProviders({ json: JSON.stringify(document) });
    expect(result).toEqual({ ok: true, data: { created: ["next-active"], updated: ["old-active"] } });
    const active = await prisma.identityProvider.findMany({ where: { authenticationMode: "Active", isEnabled: true }, select: { providerName: true } });
    expect(active).toEqual([{ providerName: "next-active" }]);
  });

  it("changes nothing when any entry is invalid, and reports every problem by entry and field", async () => {
    await created({ providerName: "okta-partners", clientId: "untouched" });
    const before = await snapshot();
    const document = exampleCopy();
    document.open_id_connect[1]!.response_type = "code id_token";
    document.open_id_connect[1]!.max_age = -1;
    const result = await importProviders({ json: JSON.stringify(document) });
    expect(result).toEqual({
      ok: false,
      message: "The document has 2 problems. Nothing was imported.",
      fieldErrors: {
        "open_id_connect[1].response_mode": [expect.stringContaining('cannot use response_mode "query"')],
        "open_id_connect[1].max_age": ["max_age cannot be negative."],
      },
    });
    expect(await snapshot()).toBe(before);

    expect(await importProviders({ json: "{ not json" })).toEqual({ ok: false, message: expect.stringMatching(/^This is not valid JSON/) });
    expect(await snapshot()).toBe(before);
  });

  it("refuses a document that would leave two enabled Active providers, naming the current one", async () => {
    await created({ providerName: "primary", authenticationMode: "Active" });
    const before = await snapshot();
    const result = await importProviders({ json: JSON.stringify(example) });
    expect(result).toEqual({
      ok: false,
      message: "The document has 1 problem. Nothing was imported.",
      fieldErrors: { "open_id_connect[0].authentication_mode": [expect.stringMatching(/^"primary" is already the Active provider/)] },
    });
    expect(await snapshot()).toBe(before);
  });
});

describe("export", () => {
  it("needs a signed-in admin", async () => {
    await signInAs(null);
    expect((await exportRequest("GET")).status).toBe(401);
    expect((await exportRequest("POST", { includeSecrets: "on" })).status).toBe(401);
  });

  it("leaves client_secret out unless asked, decrypts it when asked, and audits both", async () => {
    expect((await importProviders({ json: JSON.stringify(example) })).ok).toBe(true);

    const plain = await exported("GET", { includeSecrets: "on" }); // GET never includes secrets
    expect(plain.open_id_connect.map((e) => e.provider_name)).toEqual(["AzureAD", "okta-partners"]);
    expect(plain.open_id_connect.every((e) => !("client_secret" in e))).toBe(true);
    const withoutBox = await exported("POST", {});
    expect(JSON.stringify(withoutBox)).not.toContain("client_secret");

    const withSecrets = await exported("POST", { includeSecrets: "on" });
    // The whole example comes back, openid added to the scopes of the entry that left it out.
    const expected = exampleCopy();
    expected.open_id_connect[1]!.scope = ["openid", "profile"];
    expect(withSecrets).toEqual(expected);

    const azure = await prisma.identityProvider.findUniqueOrThrow({ where: { providerName: "AzureAD" } });
    const one = await exportRequest("GET", { id: azure.id });
    expect(one.headers.get("content-disposition")).toBe('attachment; filename="identity-provider-AzureAD.json"');
    expect(((await one.json()) as { open_id_connect: unknown[] }).open_id_connect).toHaveLength(1);
    expect((await exportRequest("GET", { id: "missing" })).status).toBe(404);

    const events = await prisma.auditEvent.findMany({ where: { action: "provider.exported" }, orderBy: { at: "asc" } });
    expect(events.map((e) => (e.changes as { includeSecrets: boolean }).includeSecrets)).toEqual([false, false, true, false]);
    expect(JSON.stringify(events)).not.toContain(example.open_id_connect[0]!.client_secret);
  });

  it("refuses a cross-site POST", async () => {
    expect((await exportRequest("POST", { includeSecrets: "on" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await exportRequest("POST", {}, { origin: "http://portal.test" })).status).toBe(200);
  });

  it("re-imports its own export without secrets and keeps the stored secrets", async () => {
    expect((await importProviders({ json: JSON.stringify(example) })).ok).toBe(true);
    const before = await prisma.identityProvider.findMany({ omit: { clientSecretEncrypted: false }, orderBy: { providerName: "asc" } });
    const document = await exported("GET");
    expect(await importProviders({ json: JSON.stringify(document) })).toEqual({ ok: true, data: { created: [], updated: ["AzureAD", "okta-partners"] } });
    const after = await prisma.identityProvider.findMany({ omit: { clientSecretEncrypted: false }, orderBy: { providerName: "asc" } });
    expect(after.map((r) => r.clientSecretEncrypted)).toEqual(before.map((r) => r.clientSecretEncrypted));
    expect(after.map(({ version, updatedAt: _u, ...rest }) => ({ ...rest, version: version - 1 }))).toEqual(before.map(({ updatedAt: _u, ...rest }) => rest));
  });
});

describe("test connection", () => {
  let server: http.Server;
  let base = "";
  let discovery: Record<string, unknown> = {};

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/moved/.well-known/openid-configuration") {
        res.writeHead(302, { location: "/.well-known/openid-configuration" }).end();
      } else if (req.url === "/away/.well-known/openid-configuration") {
        res.writeHead(302, { location: "http://localhost:1/.well-known/openid-configuration" }).end();
      } else if (req.url === "/huge/.well-known/openid-configuration") {
        res.writeHead(200, { "content-type": "application/json" }).end(`{"x":"${"a".repeat(600 * 1024)}"}`);
      } else if (req.url === "/.well-known/openid-configuration") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(discovery));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The stand-in provider is on loopback, which the SSRF guard refuses unless allowed.
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const probe = (overrides: Record<string, unknown> = {}) =>
    testProviderConnection({
      authority: base,
      metadataAddress: "",
      responseType: "code",
      responseMode: "form_post",
      prompt: "login",
      scope: "profile",
      ...overrides,
    });
  const statuses = (result: Awaited<ReturnType<typeof probe>>) => (result.ok ? Object.fromEntries(result.data.checks.map((c) => [c.id, c.status])) : result);

  it("passes every check against a matching discovery document", async () => {
    discovery = {
      issuer: `${base}/`,
      response_types_supported: ["code", "id_token code"],
      response_modes_supported: ["query", "form_post"],
      prompt_values_supported: ["none", "login"],
      scopes_supported: ["openid", "profile", "email"],
    };
    const result = await probe();
    expect(statuses(result)).toEqual({
      fetch: "pass",
      parse: "pass",
      issuer: "pass",
      response_type: "pass",
      response_mode: "pass",
      prompt: "pass",
      scopes: "pass",
    });
    if (result.ok) expect(result.data).toMatchObject({ ok: true, url: `${base}/.well-known/openid-configuration` });
    expect(statuses(await probe({ responseType: "code id_token" }))).toMatchObject({ response_type: "pass" });
  });

  it("fails the checks that do not match, and skips what the provider does not advertise", async () => {
    discovery = { issuer: "https://other.example", response_types_supported: ["code"], scopes_supported: ["openid"] };
    const result = await probe({ responseType: "id_token", responseMode: "form_post", scope: "profile" });
    expect(statuses(result)).toEqual({
      fetch: "pass",
      parse: "pass",
      issuer: "fail",
      response_type: "fail",
      response_mode: "fail",
      prompt: "skip",
      scopes: "fail",
    });
    if (result.ok) {
      expect(result.data.ok).toBe(false);
      expect(result.data.checks.find((c) => c.id === "scopes")?.detail).toBe("Not supported: profile.");
    }
  });

  it("follows a redirect on the same host, not to another host; caps the size", async () => {
    discovery = { issuer: base, response_types_supported: ["code"] };
    expect(statuses(await probe({ metadataAddress: `${base}/moved/.well-known/openid-configuration` }))).toMatchObject({ fetch: "pass", issuer: "pass" });
    const away = await probe({ metadataAddress: `${base}/away/.well-known/openid-configuration` });
    expect(away.ok && away.data.checks[0]).toMatchObject({ status: "fail", detail: expect.stringContaining("redirects to another host") });
    const huge = await probe({ metadataAddress: `${base}/huge/.well-known/openid-configuration` });
    expect(huge.ok && huge.data.checks[0]).toMatchObject({ status: "fail", detail: expect.stringContaining("larger than") });
  });

  it("refuses a provider on a loopback address unless ALLOW_PRIVATE_PROVIDER_HOSTS=true (SSRF)", async () => {
    vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "");
    try {
      const result = await probe();
      expect(statuses(result)).toEqual({ fetch: "fail" });
      if (result.ok) expect(result.data.checks[0]?.detail).toMatch(/resolves to 127\.0\.0\.1, a private, loopback or otherwise special address/);
    } finally {
      vi.stubEnv("ALLOW_PRIVATE_PROVIDER_HOSTS", "true");
    }
  });

  it("refuses http to a host that is not loopback before any request", async () => {
    const result = await probe({ authority: "http://idp.example" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.authority?.[0]).toMatch(/must use https/);
  });
});
