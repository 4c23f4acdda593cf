import { describe, expect, it } from "vitest";
import example from "./fixtures/example.json";
import { activeConflictMessage, activeProviderConflicts } from "./rules";
import { defaultMetadataAddress, providerRedirectUri, RESPONSE_TYPES } from "./vocabulary";
import { documentProblems, entryToSettings, formatIssuePath, providerDocumentSchema, settingsToEntry, type ProviderEntryInput } from "./document";
import { SIGN_IN_RESPONSE_TYPES } from "./fields";
import { createProviderSchema, NEW_PROVIDER_VALUES, settingsToFormValues, updateProviderSchema, type CreateProviderInput } from "./schema";

const valid: CreateProviderInput = {
  ...NEW_PROVIDER_VALUES,
  providerName: "AzureAD",
  clientId: "0b5c7a2e-3f1d",
  authority: "https://login.example.com/tenant/v2.0",
};

/** Field → first message, for the form schema. */
function errorsOf(input: unknown, schema: typeof createProviderSchema | typeof updateProviderSchema = createProviderSchema) {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.map(String).join("."), i.message]));
}

const entry: ProviderEntryInput = {
  provider_name: "okta",
  authentication_mode: "Passive",
  client_id: "abc",
  authority: "https://okta.example",
  authentication_method: "redirect_get",
  response_mode: "query",
  response_type: "code",
};

/** Path → messages, for the document schema. */
function documentErrors(entries: unknown[]) {
  const result = providerDocumentSchema.safeParse({ open_id_connect: entries });
  return result.success ? {} : documentProblems(result.error);
}

describe("the form schema: one rule per field", () => {
  it("accepts a minimal provider and normalises the form's strings", () => {
    const parsed = createProviderSchema.parse({ ...valid, providerName: " AzureAD ", maxAge: " ", prompt: "" });
    expect(parsed).toMatchObject({
      providerName: "AzureAD",
      metadataAddress: null,
      maxAge: null,
      prompt: null,
      emailClaimType: null,
      redirectUri: null,
      scope: ["openid", "profile", "email"],
      messages: { signIn: null, signInTitle: null, signInDescription: null },
    });
  });

  it.each(["AzureAD", "okta-partners", "a_b.c~d", "x".repeat(100)])("accepts the provider_name %j", (providerName) => {
    expect(errorsOf({ ...valid, providerName })).toEqual({});
  });

  it.each(["", "has space", "slash/no", "ünicode", "a?b", "x".repeat(101)])("rejects the provider_name %j", (providerName) => {
    expect(errorsOf({ ...valid, providerName })).toHaveProperty("providerName");
  });

  it("accepts Active and Passive and nothing else", () => {
    expect(errorsOf({ ...valid, authenticationMode: "Active" })).toEqual({});
    expect(errorsOf({ ...valid, authenticationMode: "active" })).toHaveProperty("authenticationMode");
  });

  it("requires a client_id without spaces", () => {
    expect(errorsOf({ ...valid, clientId: "" })).toHaveProperty("clientId", "Enter the client ID the provider gave you.");
    expect(errorsOf({ ...valid, clientId: "has space" })).toHaveProperty("clientId");
  });

  it.each(["https://login.example.com/tenant", "http://localhost:8080/realms/dev", "http://127.0.0.1:5556", "https://idp.example/?x=1"])(
    "accepts the authority %j",
    (authority) => expect(errorsOf({ ...valid, authority })).toEqual({}),
  );

  it.each([
    ["", "Enter the authority (the provider's issuer URL)."],
    ["http://idp.example", '"http://idp.example" must use https (http is allowed only for localhost).'],
    ["ftp://idp.example", '"ftp://idp.example" must use https.'],
    ["idp.example", '"idp.example" is not an absolute URL.'],
    ["https://idp.example/#frag", '"https://idp.example/#frag" must not contain a fragment (#).'],
    ["https://user:pw@idp.example", '"https://user:pw@idp.example" must not contain a user name or password.'],
  ])("rejects the authority %j", (authority, message) => {
    expect(errorsOf({ ...valid, authority })).toEqual({ authority: message });
  });

  it("treats every optional URL the same: empty is null, https is fine, http only for loopback", () => {
    for (const field of ["metadataAddress", "signedOutRedirectUri", "redirectUri", "externalUserCreationUrl"] as const) {
      expect(createProviderSchema.parse({ ...valid, [field]: "" })[field]).toBeNull();
      expect(createProviderSchema.parse({ ...valid, [field]: " https://a.example/x " })[field]).toBe("https://a.example/x");
      expect(errorsOf({ ...valid, [field]: "http://localhost:3000/x" })).toEqual({});
      expect(errorsOf({ ...valid, [field]: "http://a.example/x" })).toHaveProperty(field);
      expect(errorsOf({ ...valid, [field]: "/relative" })).toHaveProperty(field);
    }
  });

  it("takes max_age as a non-negative whole number of seconds, or nothing", () => {
    expect(createProviderSchema.parse({ ...valid, maxAge: "3600" }).maxAge).toBe(3600);
    expect(createProviderSchema.parse({ ...valid, maxAge: "0" }).maxAge).toBe(0);
    expect(createProviderSchema.parse({ ...valid, maxAge: "" }).maxAge).toBeNull();
    expect(errorsOf({ ...valid, maxAge: "-1" })).toEqual({ maxAge: "max_age cannot be negative." });
    expect(errorsOf({ ...valid, maxAge: "1.5" })).toEqual({ maxAge: "Enter a whole number of seconds." });
    expect(errorsOf({ ...valid, maxAge: "soon" })).toEqual({ maxAge: "Enter a whole number of seconds." });
  });

  it("accepts only the listed authentication methods, response modes, response types and prompts", () => {
    for (const authenticationMethod of ["redirect_get", "form_post"]) expect(errorsOf({ ...valid, authenticationMethod })).toEqual({});
    expect(errorsOf({ ...valid, authenticationMethod: "post" })).toHaveProperty("authenticationMethod");
    for (const responseMode of ["query", "form_post"]) expect(errorsOf({ ...valid, responseMode })).toEqual({});
    expect(errorsOf({ ...valid, responseMode: "web_message" })).toHaveProperty("responseMode");
    for (const responseType of SIGN_IN_RESPONSE_TYPES) expect(errorsOf({ ...valid, responseType, responseMode: "form_post" })).toEqual({});
    expect(errorsOf({ ...valid, responseType: "id_token code" })).toHaveProperty("responseType");
    for (const prompt of ["", "none", "login", "consent", "select_account"]) expect(errorsOf({ ...valid, prompt })).toEqual({});
    expect(errorsOf({ ...valid, prompt: "create" })).toHaveProperty("prompt");
  });

  it("takes claim types as names or URIs without spaces", () => {
    const parsed = createProviderSchema.parse({
      ...valid,
      emailClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
      usernameClaimType: "preferred_username",
    });
    expect(parsed.usernameClaimType).toBe("preferred_username");
    expect(errorsOf({ ...valid, emailClaimType: "e mail" })).toHaveProperty("emailClaimType");
    expect(errorsOf({ ...valid, usernameClaimType: "user name" })).toHaveProperty("usernameClaimType");
  });

  it("keeps openid in the scopes whatever the admin types, and refuses duplicates and invalid scopes", () => {
    expect(createProviderSchema.parse({ ...valid, scope: "" }).scope).toEqual(["openid"]);
    expect(createProviderSchema.parse({ ...valid, scope: "profile  email\norders.read" }).scope).toEqual(["openid", "profile", "email", "orders.read"]);
    expect(createProviderSchema.parse({ ...valid, scope: "profile openid" }).scope).toEqual(["profile", "openid"]);
    expect(errorsOf({ ...valid, scope: "profile email profile" })).toEqual({ scope: '"profile" is listed twice.' });
    expect(errorsOf({ ...valid, scope: 'profile "quoted"' })).toHaveProperty("scope.1");
    expect(errorsOf({ ...valid, scope: "back\\slash" })).toHaveProperty("scope.0");
  });

  it("takes the sign-in messages as plain text or as translation keys, on one line", () => {
    const parsed = createProviderSchema.parse({
      ...valid,
      messages: { signIn: " Sign in with Walk IdP ", signInTitle: "", signInDescription: "T_login.description-1" },
    });
    expect(parsed.messages).toEqual({ signIn: "Sign in with Walk IdP", signInTitle: null, signInDescription: "T_login.description-1" });
    const broken = createProviderSchema.safeParse({ ...valid, messages: { signIn: "two\nlines", signInTitle: "", signInDescription: "" } });
    expect(broken.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["messages.signIn", "Use one line of text, or a translation key such as T_SignIn."],
    ]);
    expect(errorsOf({ ...valid, messages: { signIn: "Sign in here", signInTitle: "1 Key", signInDescription: "Use your Walk/IdP account." } })).toEqual({});
  });
});

describe("response_type and response_mode (what the portal can complete safely)", () => {
  it("allows code with query or form_post, and code id_token with form_post", () => {
    expect(errorsOf({ ...valid, responseType: "code", responseMode: "query" })).toEqual({});
    expect(errorsOf({ ...valid, responseType: "code", responseMode: "form_post" })).toEqual({});
    expect(errorsOf({ ...valid, responseType: "code id_token", responseMode: "form_post" })).toEqual({});
  });

  it("refuses code id_token with query (OAuth 2.0 Multiple Response Type Encoding Practices §5)", () => {
    expect(errorsOf({ ...valid, responseType: "code id_token", responseMode: "query" })).toEqual({
      responseMode: `response_type "code id_token" returns tokens from the authorization endpoint, so it cannot use response_mode "query". Choose form_post.`,
    });
  });

  it.each(RESPONSE_TYPES.filter((t) => !SIGN_IN_RESPONSE_TYPES.includes(t)))("refuses %j at save time, on response_type", (responseType) => {
    expect(errorsOf({ ...valid, responseType, responseMode: "form_post" })).toEqual({
      responseType: `The portal signs in with the authorization code flow, so response_type "${responseType}" cannot be completed safely (it returns no code, or an access token in the browser). Choose code (or code id_token).`,
    });
  });

  it("refuses response_mode fragment: the server never sees it", () => {
    expect(errorsOf({ ...valid, responseType: "code", responseMode: "fragment" })).toEqual({
      responseMode: `response_mode "fragment" keeps the provider's answer in the browser, where the portal's server cannot read it. Choose query or form_post.`,
    });
  });

  it("applies the same rules to an imported entry, by its snake_case path", () => {
    expect(Object.keys(documentErrors([{ ...entry, response_type: "token", response_mode: "fragment" }])).sort()).toEqual([
      "open_id_connect[0].response_mode",
      "open_id_connect[0].response_type",
    ]);
  });
});

describe("the edit schema", () => {
  const edit = { ...valid, id: "p1", version: 3, secretAction: "keep" as const };

  it("keeps the stored secret with an empty input, and wants a value to replace it", () => {
    expect(errorsOf(edit, updateProviderSchema)).toEqual({});
    expect(errorsOf({ ...edit, secretAction: "clear" }, updateProviderSchema)).toEqual({});
    expect(errorsOf({ ...edit, secretAction: "replace", clientSecret: "  " }, updateProviderSchema)).toEqual({
      clientSecret: "Enter the new client secret, or cancel replacing it.",
    });
    expect(updateProviderSchema.parse({ ...edit, secretAction: "replace", clientSecret: " n3w " }).clientSecret).toBe("n3w");
    expect(errorsOf({ ...edit, secretAction: "show" }, updateProviderSchema)).toHaveProperty("secretAction");
    expect(errorsOf({ ...edit, version: undefined }, updateProviderSchema)).toHaveProperty("version");
  });

  it("applies the same cross-field rule", () => {
    expect(errorsOf({ ...edit, responseType: "id_token", responseMode: "query" }, updateProviderSchema)).toHaveProperty("responseMode");
  });
});

describe("the document schema (snake_case import and export)", () => {
  it("imports the example document with every field", () => {
    const document = providerDocumentSchema.parse(example);
    expect(document.open_id_connect).toHaveLength(2);
    const [azure, okta] = document.open_id_connect.map(entryToSettings);
    expect(azure).toEqual({
      clientSecret: "Xq8~mZ2.vT9rL4pW6nB1yC3kF7hJ5dS0aE",
      settings: {
        providerName: "AzureAD",
        authenticationMode: "Active",
        clientId: "0b5c7a2e-3f1d-4c8e-9a6b-2d4f8e1c7a93",
        authority: "https://login.microsoftonline.com/7d9f2a41-5b3c-4e8d-a1f6-0c2e9b8d4f17/v2.0",
        metadataAddress: "https://login.microsoftonline.com/7d9f2a41-5b3c-4e8d-a1f6-0c2e9b8d4f17/v2.0/.well-known/openid-configuration",
        getClaimsFromUserInfoEndpoint: true,
        maxAge: 3600,
        signedOutRedirectUri: "https://content.example.com/signout-callback-AzureAD",
        redirectUri: "https://content.example.com/signin-AzureAD",
        externalUserCreationUrl: "https://content.example.com/account/register",
        authenticationMethod: "form_post",
        responseMode: "form_post",
        responseType: "code id_token",
        prompt: "select_account",
        emailClaimType: "email",
        assumeEmailVerified: false,
        trustAmrMultiFactor: false,
        usernameClaimType: "preferred_username",
        isEnabled: true,
        clearDefaultScope: false,
        scope: ["openid", "profile", "email", "offline_access"],
        messages: { signIn: "T_SignIn_AzureAD", signInTitle: "T_SignInTitle_AzureAD", signInDescription: "T_SignInDescription_AzureAD" },
      },
    });
    expect(okta).toMatchObject({
      clientSecret: null,
      settings: {
        providerName: "okta-partners",
        isEnabled: false,
        clearDefaultScope: true,
        scope: ["openid", "profile"],
        metadataAddress: null,
        maxAge: null,
        prompt: null,
      },
    });
  });

  it("exports back to the same document (secret only when asked), and the form reads the same settings", () => {
    const document = providerDocumentSchema.parse(example);
    const { settings, clientSecret } = entryToSettings(document.open_id_connect[0]!);
    const exported = settingsToEntry(settings, clientSecret);
    expect(exported).toEqual({ ...example.open_id_connect[0] });
    expect(Object.keys(exported)).toHaveLength(23);
    expect(settingsToEntry(settings)).not.toHaveProperty("client_secret");
    // The form's values for these settings parse to the same settings.
    const { clientSecret: _none, ...fromForm } = createProviderSchema.parse(settingsToFormValues(settings));
    expect(fromForm).toEqual(settings);
  });

  it("fills in the defaults of the optional keys", () => {
    const [parsed] = providerDocumentSchema.parse({ open_id_connect: [entry] }).open_id_connect;
    expect(parsed).toMatchObject({
      client_secret: null,
      metadata_address: null,
      get_claims_from_user_info_endpoint: false,
      max_age: null,
      is_enabled: true,
      clear_default_scope: false,
      scope: ["openid"],
      messages: { signIn: null, signInTitle: null, signInDescription: null },
    });
  });

  it("reports every problem by entry and field", () => {
    expect(
      documentErrors([
        entry,
        { ...entry, provider_name: "b", response_type: "code id_token", response_mode: "query", max_age: -5, scope: ["openid", "openid"] },
        { ...entry, provider_name: "okta2", authority: "http://idp.example", messages: { signIn: "one\u0007bell" }, responce_mode: "query" },
      ]),
    ).toEqual({
      "open_id_connect[1].response_mode": [expect.stringContaining('cannot use response_mode "query"')],
      "open_id_connect[1].max_age": ["max_age cannot be negative."],
      "open_id_connect[1].scope": ['"openid" is listed twice.'],
      "open_id_connect[2]": [expect.stringContaining("responce_mode")],
      "open_id_connect[2].authority": ['"http://idp.example" must use https (http is allowed only for localhost).'],
      "open_id_connect[2].messages.signIn": [expect.stringContaining("one line of text")],
    });
  });

  it("reports a provider_name used twice in one document", () => {
    expect(documentErrors([entry, { ...entry, client_id: "other" }])).toEqual({
      "open_id_connect[1].provider_name": ['"okta" is already used by open_id_connect[0].'],
    });
  });

  it("survives entries that are not objects or lack the keys the cross-field rules read", () => {
    expect(documentErrors([null, "x", { ...entry, response_type: undefined }])).toEqual({
      "open_id_connect[0]": [expect.any(String)],
      "open_id_connect[1]": [expect.any(String)],
      "open_id_connect[2].response_type": [expect.any(String)],
    });
  });

  it("requires the keys without defaults and refuses the wrong types", () => {
    const { provider_name: _a, client_id: _b, ...missing } = entry;
    expect(Object.keys(documentErrors([missing, { ...entry, is_enabled: "yes" }])).sort()).toEqual([
      "open_id_connect[0].client_id",
      "open_id_connect[0].provider_name",
      "open_id_connect[1].is_enabled",
    ]);
    expect(providerDocumentSchema.safeParse({}).success).toBe(false);
    expect(providerDocumentSchema.safeParse({ open_id_connect: {} }).success).toBe(false);
    expect(providerDocumentSchema.safeParse([]).success).toBe(false);
  });

  it("formats issue paths the way the import shows them", () => {
    expect(formatIssuePath(["open_id_connect", 1, "messages", "signIn"])).toBe("open_id_connect[1].messages.signIn");
    expect(formatIssuePath([])).toBe("(document)");
  });
});

describe("derived values", () => {
  it("builds the default metadata address and the redirect URI", () => {
    expect(defaultMetadataAddress("https://idp.example/realms/x/")).toBe("https://idp.example/realms/x/.well-known/openid-configuration");
    expect(defaultMetadataAddress("https://idp.example")).toBe("https://idp.example/.well-known/openid-configuration");
    expect(providerRedirectUri("https://portal.example/", "AzureAD")).toBe("https://portal.example/signin-AzureAD");
  });
});

describe("at most one enabled provider is Active", () => {
  const p = (providerName: string, authenticationMode: string, isEnabled = true) => ({ providerName, authenticationMode, isEnabled });

  it("names the first Active provider for every later one", () => {
    const a = p("a", "Active");
    const c = p("c", "Active");
    const d = p("d", "Active");
    expect(activeProviderConflicts([a, p("b", "Passive"), c, d])).toEqual([
      { provider: c, current: a },
      { provider: d, current: a },
    ]);
    expect(activeConflictMessage(a)).toMatch(/^"a" is already the Active provider/);
  });

  it("ignores Passive and disabled providers", () => {
    expect(activeProviderConflicts([p("a", "Active", false), p("b", "Active"), p("c", "Passive"), p("d", "Active", false)])).toEqual([]);
    expect(activeProviderConflicts([])).toEqual([]);
  });
});
