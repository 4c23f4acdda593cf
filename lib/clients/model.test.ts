import { describe, expect, it } from "vitest";
import { apiClientInputSchema, mergeOverStored } from "@/lib/api/clients/schema";
import { clientChanges } from "@/lib/config/plan";
import { parsePortalJson, serializePortalJson } from "@/lib/config/portal-json";
import { parseUsercubeXml, serializeUsercubeXml } from "@/lib/config/usercube-xml";
import {
  CLIENT_SETTING_KEYS,
  CLIENT_MODEL,
  clientFormInputs,
  diffSettings,
  rowToSettings,
  settingsToFormInput,
  settingsToValues,
  settingsToWire,
  wireToSettings,
  type ClientField,
  type ClientSettings,
} from "./model";
import { createClientSchema } from "./schema";

// The client is declared once (./model.ts); this proves every vocabulary carries every declared
// field, both ways. Two clients that differ in EVERY field (the compiler makes a new field appear
// here), then, field by field: REST (create and the PUT merge), portal JSON, Usercube XML (or declared
// as not carried), the form, the audit diff and the import plan. A field any of them forgets fails
// here — so "a PUT resets a field it does not name" and "an import that changes only that field is
// unchanged" cannot come back.

/** A client with every setting away from its default. */
const stored: ClientSettings = {
  displayName: "Orders web",
  description: "The orders front end",
  redirectUris: ["https://orders.example/cb"],
  postLogoutRedirectUris: ["https://orders.example/bye"],
  flow: "AuthorizationCode",
  idTokenSignedResponseAlg: "ES256",
  tokenEndpointAuthMethod: "client_secret_post",
  profile: "Officer",
  profileContextId: -7,
  adminApiRole: "Editor",
  owners: ["orders-team@example.com", "Team Orders"],
  contacts: ["oncall@example.com"],
  documentationUrl: "https://wiki.example.com/runbooks/orders-web",
  expiresAt: new Date("2031-02-03T04:05:06Z"),
  enabled: false,
  firstParty: true,
  scopes: ["openid", "orders.read"],
};

/** Another valid client that differs from `stored` in every field. */
const other: ClientSettings = {
  displayName: "Nightly jobs",
  description: "",
  redirectUris: ["https://jobs.example/cb", "https://jobs.example/cb2"],
  postLogoutRedirectUris: [],
  flow: "Hybrid",
  idTokenSignedResponseAlg: "RS256",
  tokenEndpointAuthMethod: "client_secret_basic",
  profile: "Administrator",
  profileContextId: null,
  adminApiRole: null,
  owners: [],
  contacts: ["Platform team"],
  documentationUrl: null,
  expiresAt: null,
  enabled: true,
  firstParty: false,
  scopes: [],
};

/** `stored` with only `field` taken from `other`. */
const changed = (field: ClientField): ClientSettings => ({ ...stored, [field]: other[field] });

const restSettings = (body: Record<string, unknown>) => {
  const parsed = apiClientInputSchema.safeParse(body);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return wireToSettings("rest", parsed.data);
};

describe("the client model", () => {
  it("owners and contacts: names, or valid emails, each once", () => {
    const problems = (owners: unknown) => apiClientInputSchema.safeParse({ name: "x", owners }).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(problems(["Team A", "a@example.com"])).toEqual([]);
    expect(problems(["not-an@email", "Team A", "team a", ""]).sort()).toEqual(["owners", "owners.0", "owners.3"]);
    expect(
      createClientSchema.safeParse({
        clientId: "abc",
        displayName: "x",
        description: "",
        redirectUris: "",
        postLogoutRedirectUris: "",
        flow: "ClientCredentials",
        idTokenSignedResponseAlg: "RS256",
        tokenEndpointAuthMethod: "client_secret_basic",
        profileId: "p",
        profileContextId: "",
        expiresAt: "",
        enabled: true,
        firstParty: false,
        owners: "Team A\n\nops@example.com\n",
      }).data?.owners,
    ).toEqual(["Team A", "ops@example.com"]);
  });

  it("documentation_url: an https URL without credentials, or null", () => {
    const accepts = (url: unknown) => apiClientInputSchema.safeParse({ name: "x", documentation_url: url }).success;
    expect(accepts("https://wiki.example.com/runbooks/orders#start")).toBe(true);
    expect(accepts(null)).toBe(true);
    for (const url of ["http://wiki.example.com/", "javascript:alert(1)", "https://user:pw@wiki.example.com/", "wiki.example.com", "", 42]) {
      expect(accepts(url), String(url)).toBe(false);
    }
  });

  it("the form has one input per setting; it draws every one not declared custom from its declaration", () => {
    const inputs = clientFormInputs();
    expect(inputs.map((i) => i.name)).toEqual(CLIENT_SETTING_KEYS.map((k) => CLIENT_MODEL[k].names.form));
    for (const input of inputs) expect(["identity", "protocol", "access"], input.name).toContain(input.section);
    const drawn = Object.fromEntries(inputs.filter((i) => i.control !== "custom").map((i) => [i.name, i.control]));
    expect(drawn).toMatchObject({ displayName: "text", description: "textarea", owners: "textarea", idTokenSignedResponseAlg: "select" });
    expect(drawn).toMatchObject({ expiresAt: "instant", enabled: "checkbox" });
    expect(inputs.find((i) => i.name === "idTokenSignedResponseAlg")?.options).toEqual(["ES256", "RS256"]);
  });

  it("the two samples differ in every declared field", () => {
    for (const field of CLIENT_SETTING_KEYS) expect(JSON.stringify(stored[field]), field).not.toBe(JSON.stringify(other[field]));
  });

  it.each(CLIENT_SETTING_KEYS)("REST carries %s: create, answer, and a PUT that names only it (the others keep their value)", (field) => {
    const answer = { client_id: "orders-web", ...settingsToWire("rest", stored) };
    expect(restSettings(answer)).toEqual(stored);
    // A PUT that names only this field changes it and keeps every other field as stored.
    const name = CLIENT_MODEL[field].names.rest;
    const put = { [name]: (settingsToWire("rest", other) as Record<string, unknown>)[name] };
    expect(restSettings(mergeOverStored(answer, put))).toEqual(changed(field));
    // A PUT that does not name it keeps it.
    expect(restSettings(mergeOverStored(answer, {}))).toEqual(stored);
  });

  it.each(CLIENT_SETTING_KEYS)("the portal JSON carries %s (export → import)", (field) => {
    const snapshot = {
      profiles: [],
      profileContexts: [],
      scopes: [],
      providers: [],
      clients: [{ clientId: "orders-web", settings: changed(field), createdAt: new Date(0), secrets: [] }],
    };
    const { document, problems } = parsePortalJson(JSON.stringify(serializePortalJson(snapshot)));
    expect(problems).toEqual([]);
    expect(document?.clients[0]?.settings).toEqual(changed(field));
    expect(document?.clients[0]?.fieldPaths[field]).toBe(`clients[0].${CLIENT_MODEL[field].names.json}`);
  });

  it.each(CLIENT_SETTING_KEYS)("the Usercube XML carries %s, or it is declared as not carried (an import keeps it)", (field) => {
    // Both samples: `stored` sets every field, `other` clears what can be cleared (left out of the XML).
    for (const settings of [stored, other]) {
      const xml = serializeUsercubeXml({ profileContexts: [], clients: [{ clientId: "orders-web", hashedSecret: null, settings }] });
      const { document, problems } = parseUsercubeXml(xml);
      expect(problems).toEqual([]);
      const attribute = CLIENT_MODEL[field].names.xml;
      if (attribute === null) expect(document?.clients[0]?.settings).not.toHaveProperty(field);
      else {
        expect(document?.clients[0]?.settings[field] ?? null).toEqual(settings[field]);
        expect(document?.clients[0]?.fieldPaths[field]).toBe(`/ConfigurationFile/OpenIdClient[1]/@${attribute}`);
      }
    }
  });

  it.each(CLIENT_SETTING_KEYS)("the form carries %s (its starting values parse back to the same values)", (field) => {
    const refs = { profileId: `id-of-${changed(field).profile}`, scopeIds: changed(field).scopes.map((name) => `id-of-${name}`) };
    const input = { clientId: "orders-web", ...settingsToFormInput(changed(field), refs) };
    const parsed = createClientSchema.safeParse(input);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const { clientId: _id, firstSecretDescription: _d, ...values } = parsed.data!;
    expect(values).toEqual(settingsToValues(changed(field), refs));
  });

  it.each(CLIENT_SETTING_KEYS)("a stored row reads back %s", (field) => {
    const { profile, scopes, ...columns } = changed(field);
    expect(rowToSettings({ ...columns, profile: { identifier: profile }, scopes: scopes.map((name) => ({ scope: { name } })) })).toEqual(changed(field));
  });

  it.each(CLIENT_SETTING_KEYS)("the audit diff and the import plan see a change of %s alone", (field) => {
    expect(Object.keys(diffSettings(stored, changed(field)))).toEqual([field]);
    expect(clientChanges(stored, changed(field)).map((c) => c.field)).toEqual([field]);
    expect(clientChanges(stored, stored)).toEqual([]);
  });
});
