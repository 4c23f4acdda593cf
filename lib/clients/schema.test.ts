import { describe, expect, it } from "vitest";
import { createClientSchema, isConfidential, updateClientSchema, type CreateClientInput } from "./schema";

const valid: CreateClientInput = {
  clientId: "orders-api",
  displayName: "Orders API",
  description: "",
  redirectUris: "",
  postLogoutRedirectUris: "",
  flow: "ClientCredentials",
  idTokenSignedResponseAlg: "RS256",
  tokenEndpointAuthMethod: "client_secret_basic",
  profileId: "p1",
  profileContextId: "",
  expiresAt: "",
  enabled: true,
  firstParty: false,
};

function errorsOf(input: unknown, schema: typeof createClientSchema | typeof updateClientSchema = createClientSchema) {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe("createClientSchema", () => {
  it("accepts a ClientCredentials client without redirect URIs and normalises the form values", () => {
    const parsed = createClientSchema.parse({ ...valid, clientId: "  orders-api " });
    expect(parsed).toMatchObject({ clientId: "orders-api", redirectUris: [], profileContextId: null, expiresAt: null });
  });

  it("parses a profile context Id and an expiration", () => {
    const parsed = createClientSchema.parse({ ...valid, profileContextId: "-7", expiresAt: "2027-01-31T23:00:00.000Z" });
    expect(parsed.profileContextId).toBe(-7);
    expect(parsed.expiresAt).toEqual(new Date("2027-01-31T23:00:00Z"));
  });

  it.each(["ab", "has space", "slash/no", "ünicode", "x".repeat(101)])("rejects the client_id %j", (clientId) => {
    expect(errorsOf({ ...valid, clientId })).toHaveProperty("clientId");
  });

  it("accepts every unreserved character in a client_id", () => {
    expect(errorsOf({ ...valid, clientId: "a-b.c_d~e9" })).toEqual({});
  });

  it("says an empty client_id is required, not too short", () => {
    expect(errorsOf({ ...valid, clientId: "  " })).toEqual({ clientId: "Enter a client ID." });
    expect(errorsOf({ ...valid, clientId: "ab" })).toEqual({ clientId: "Use at least 3 characters." });
  });

  it("requires a display name and a profile", () => {
    expect(errorsOf({ ...valid, displayName: "  ", profileId: "" })).toEqual({
      displayName: "Enter a display name.",
      profileId: "Choose a profile.",
    });
  });

  it("requires redirect URIs unless the flow is ClientCredentials", () => {
    expect(errorsOf({ ...valid, flow: "AuthorizationCode" })).toEqual({
      redirectUris: "Add at least one redirect URI (only ClientCredentials clients go without).",
    });
    expect(errorsOf({ ...valid, flow: "AuthorizationCode", redirectUris: "https://app.example/cb" })).toEqual({});
  });

  it("rejects a bad redirect URI with a message naming it", () => {
    expect(errorsOf({ ...valid, redirectUris: "http://app.example/cb" })).toEqual({
      redirectUris: '"http://app.example/cb" must use https (http is allowed only for localhost).',
    });
  });

  it("allows token_endpoint_auth_method none only for a public AuthorizationCode client", () => {
    const uris = { redirectUris: "https://app.example/cb" };
    expect(errorsOf({ ...valid, ...uris, flow: "AuthorizationCode", tokenEndpointAuthMethod: "none" })).toEqual({});
    expect(errorsOf({ ...valid, tokenEndpointAuthMethod: "none" })).toEqual({
      tokenEndpointAuthMethod: "A ClientCredentials client must authenticate with a secret.",
    });
    expect(errorsOf({ ...valid, ...uris, flow: "Hybrid", tokenEndpointAuthMethod: "none" })).toHaveProperty("tokenEndpointAuthMethod");
  });

  it("accepts only ES256 and RS256 and the known flows and methods", () => {
    expect(errorsOf({ ...valid, idTokenSignedResponseAlg: "HS256" })).toHaveProperty("idTokenSignedResponseAlg");
    expect(errorsOf({ ...valid, flow: "Password" })).toHaveProperty("flow");
    expect(errorsOf({ ...valid, tokenEndpointAuthMethod: "private_key_jwt" })).toHaveProperty("tokenEndpointAuthMethod");
  });

  it("rejects a profile context Id above -2 and a malformed expiration", () => {
    expect(errorsOf({ ...valid, profileContextId: "-1" })).toEqual({ profileContextId: "A profile context Id must be -2 or lower." });
    expect(errorsOf({ ...valid, profileContextId: "0" })).toHaveProperty("profileContextId");
    expect(errorsOf({ ...valid, expiresAt: "tomorrow" })).toHaveProperty("expiresAt");
  });
});

describe("updateClientSchema", () => {
  it("ignores clientId changes and requires the version read with the form", () => {
    const { clientId: _, ...rest } = valid;
    expect(updateClientSchema.parse({ ...rest, id: "c1", clientId: "renamed", version: 3 })).not.toHaveProperty("clientId");
    expect(errorsOf({ ...rest, id: "c1" }, updateClientSchema)).toHaveProperty("version");
    expect(errorsOf({ ...rest, version: 1 }, updateClientSchema)).toHaveProperty("id");
  });
});

describe("client rules", () => {
  it("isConfidential: every method but none", () => {
    expect(isConfidential({ tokenEndpointAuthMethod: "client_secret_post" })).toBe(true);
    expect(isConfidential({ tokenEndpointAuthMethod: "none" })).toBe(false);
  });
});
