import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePortalJson, serializePortalJson, type PortalSnapshot } from "./portal-json";
import { parseUsercubeXml } from "./usercube-xml";

const example = readFileSync(path.join(__dirname, "fixtures/portal-example.json"), "utf8");
const xmlExample = readFileSync(path.join(__dirname, "fixtures/usercube-example.xml"), "utf8");
const base = () => JSON.parse(example) as Record<string, unknown> & { clients: Record<string, unknown>[] };

describe("parsePortalJson on the seed examples", () => {
  it("reads the same two clients and profile context as the Usercube XML example", () => {
    const { document, problems, warnings } = parsePortalJson(example);
    expect(problems).toEqual([]);
    const xml = parseUsercubeXml(xmlExample).document!;
    expect(document?.profileContexts.map(({ id, category, d0 }) => ({ id, category, d0 }))).toEqual(
      xml.profileContexts.map(({ id, category, d0 }) => ({ id, category, d0 })),
    );
    for (const [i, client] of xml.clients.entries()) {
      expect(document?.clients[i]).toMatchObject({ clientId: client.clientId, settings: client.settings });
      expect(document?.clients[i]?.secrets.map((s) => s.hash)).toEqual(client.secrets.map((s) => s.hash));
    }
    expect(warnings).toEqual([{ path: "clients[0].secrets[0].hash", message: expect.stringContaining("weak") }]);
  });
});

describe("parsePortalJson error paths", () => {
  const problemsOf = (doc: unknown, options?: { passphrase?: string }) =>
    parsePortalJson(typeof doc === "string" ? doc : JSON.stringify(doc), options).problems;

  it("refuses what is not JSON, not this format or not this version", () => {
    expect(problemsOf("{")[0]?.message).toMatch(/not valid JSON/);
    expect(problemsOf({ open_id_connect: [] }).map((p) => p.path)).toEqual(["format", "version", "(document)"]);
    expect(problemsOf({ ...base(), version: 2 })).toEqual([{ path: "version", message: "Only version 1 of the format is known." }]);
  });

  it("reports every problem at its JSON path, with the forms' rules", () => {
    const doc = base();
    doc.clients[0] = {
      ...doc.clients[0],
      redirect_uris: ["http://example.com/cb", "https://ok.example/cb#x"],
      token_endpoint_auth_method: "none",
      colour: "red",
    };
    doc.clients[1] = { ...doc.clients[1], client_id: "Job", profile_context_id: -1, secrets: [{ hash: "secret" }] };
    doc.profile_contexts = [{ id: -2, category: "", d0: "x" }];
    const problems = problemsOf(doc);
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "clients[0]",
        "clients[0].redirect_uris[0]",
        "clients[0].redirect_uris[1]",
        "clients[0].token_endpoint_auth_method",
        "clients[1]",
        "clients[1].profile_context_id",
        "clients[1].secrets[0].hash",
        "profile_contexts[0].category",
      ].sort(),
    );
    expect(problems.find((p) => p.path === "clients[0].token_endpoint_auth_method")?.message).toBe(
      "A ClientCredentials client must authenticate with a secret.",
    );
    expect(problems.find((p) => p.path === "clients[1]")?.message).toBe('Client "Job" is already at [0].');
    expect(problems.find((p) => p.path === "clients[0]")?.message).toMatch(/colour/);
  });

  it("validates identity providers with the Content Hub rules, at identity_providers[i]", () => {
    const doc = { ...base(), identity_providers: [{ provider_name: "x", authentication_mode: "Sometimes" }] };
    const paths = problemsOf(doc).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["identity_providers[0].authentication_mode", "identity_providers[0].authority"]));
  });

  it("needs the passphrase for encrypted provider secrets, and refuses a wrong one", () => {
    const snapshot: PortalSnapshot = {
      profiles: [],
      profileContexts: [],
      scopes: [],
      clients: [],
      providers: [{ settings: providerSettings(), clientSecret: "upstream-secret" }],
    };
    const text = JSON.stringify(serializePortalJson(snapshot, { passphrase: "correct horse battery" }));
    expect(text).not.toContain("upstream-secret");
    expect(problemsOf(text)).toEqual([{ path: "secrets_encryption", message: expect.stringContaining("passphrase") }]);
    expect(problemsOf(text, { passphrase: "wrong horse battery" })).toEqual([
      { path: "identity_providers[0].client_secret_encrypted", message: expect.stringContaining("wrong passphrase") },
    ]);
    expect(parsePortalJson(text, { passphrase: "correct horse battery" }).document?.providers[0]?.clientSecret).toBe("upstream-secret");
  });

  it("refuses a short passphrase when exporting", () => {
    expect(() => serializePortalJson({ profiles: [], profileContexts: [], scopes: [], clients: [], providers: [] }, { passphrase: "short" })).toThrow(
      /12 characters/,
    );
  });
});

describe("round trip", () => {
  it("serialize → parse → serialize gives the same document", () => {
    const first = parsePortalJson(example).document!;
    const snapshot: PortalSnapshot = {
      profiles: first.profiles.map((p) => ({ ...p, secretMaxDays: p.secretMaxDays ?? null })),
      profileContexts: first.profileContexts.map((c) => ({ ...c, description: c.description ?? "" })),
      scopes: first.scopes,
      clients: first.clients.map((c) => ({
        clientId: c.clientId,
        settings: c.settings as Required<typeof c.settings>,
        createdAt: c.createdAt!,
        secrets: c.secrets,
      })),
      providers: [{ settings: providerSettings(), clientSecret: null }],
    };
    const once = serializePortalJson(snapshot);
    const again = parsePortalJson(JSON.stringify(once)).document!;
    const twice = serializePortalJson({
      ...snapshot,
      clients: again.clients.map((c) => ({
        clientId: c.clientId,
        settings: c.settings as Required<typeof c.settings>,
        createdAt: c.createdAt!,
        secrets: c.secrets,
      })),
      providers: again.providers,
    });
    expect(twice).toEqual(once);
    expect(once.clients.map((c) => c.client_id)).toEqual(["Job", "RoleOfficerByCategory"]);
  });
});

function providerSettings() {
  return {
    providerName: "corp",
    authenticationMode: "Passive" as const,
    clientId: "portal",
    authority: "https://idp.example.com",
    metadataAddress: null,
    getClaimsFromUserInfoEndpoint: false,
    maxAge: null,
    signedOutRedirectUri: null,
    redirectUri: null,
    externalUserCreationUrl: null,
    authenticationMethod: "redirect_get" as const,
    responseMode: "query" as const,
    responseType: "code" as const,
    prompt: null,
    emailClaimType: null,
    assumeEmailVerified: false,
    trustAmrMultiFactor: false,
    usernameClaimType: null,
    isEnabled: true,
    clearDefaultScope: false,
    scope: ["openid"],
    messages: { signIn: null, signInTitle: null, signInDescription: null },
  };
}
