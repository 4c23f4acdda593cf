import { describe, expect, it } from "vitest";
import { createProviderSchema, NEW_PROVIDER_VALUES, type ProviderSettings } from "../schema";
import { CATALOGUE, providerTexts, translate } from "./messages";
import { authorizationParameters, identityFromClaims, requestedScopes, signInRedirectUri } from "./request";

const secrets = { redirectUri: "https://portal.example/signin-corp", state: "st", nonce: "no", codeChallenge: "cc" };

function settings(overrides: Record<string, unknown> = {}): ProviderSettings {
  const { clientSecret: _secret, ...parsed } = createProviderSchema.parse({
    ...NEW_PROVIDER_VALUES,
    providerName: "corp",
    clientId: "portal",
    authority: "https://idp.example",
    ...overrides,
  });
  return parsed;
}

describe("the authorization request built from the provider's fields", () => {
  it("always asks for the code flow with PKCE (S256), state and nonce", () => {
    expect(authorizationParameters(settings({ responseMode: "query", scope: "" }), secrets)).toEqual({
      redirect_uri: "https://portal.example/signin-corp",
      response_type: "code",
      scope: "openid profile",
      state: "st",
      nonce: "no",
      code_challenge: "cc",
      code_challenge_method: "S256",
    });
  });

  it("sends response_type, response_mode form_post, prompt and max_age as set", () => {
    const params = authorizationParameters(settings({ responseType: "code id_token", responseMode: "form_post", prompt: "login", maxAge: "600" }), secrets);
    expect(params).toMatchObject({ response_type: "code id_token", response_mode: "form_post", prompt: "login", max_age: "600" });
    expect(authorizationParameters(settings({ prompt: "select_account", maxAge: "0" }), secrets)).toMatchObject({ prompt: "select_account", max_age: "0" });
  });

  it("leaves prompt, max_age and the default response_mode (query) out when not set", () => {
    const params = authorizationParameters(settings({ responseMode: "query", prompt: "", maxAge: "" }), secrets);
    expect(params).not.toHaveProperty("prompt");
    expect(params).not.toHaveProperty("max_age");
    expect(params).not.toHaveProperty("response_mode");
  });

  it("requests openid always, the default scopes unless clear_default_scope, then the provider's scopes once each", () => {
    expect(requestedScopes(settings({ scope: "email offline_access" }))).toEqual(["openid", "profile", "email", "offline_access"]);
    expect(requestedScopes(settings({ scope: "profile email" }))).toEqual(["openid", "profile", "email"]);
    expect(requestedScopes(settings({ scope: "email", clearDefaultScope: true }))).toEqual(["openid", "email"]);
    expect(requestedScopes(settings({ scope: "", clearDefaultScope: true }))).toEqual(["openid"]);
    expect(authorizationParameters(settings({ scope: "email", clearDefaultScope: true }), secrets).scope).toBe("openid email");
  });

  it("sends the admin back to {origin}/signin-{provider_name}, or to redirect_uri when it is set", () => {
    expect(signInRedirectUri(settings(), "https://portal.example/")).toBe("https://portal.example/signin-corp");
    expect(signInRedirectUri(settings({ redirectUri: "https://admin.example/signin-corp" }), "https://portal.example")).toBe(
      "https://admin.example/signin-corp",
    );
  });
});

describe("the claims that name the admin", () => {
  it("reads email and preferred_username by default, lower-casing the email", () => {
    expect(identityFromClaims(settings(), { email: " Ada@Example.COM ", preferred_username: "ada", email_verified: true })).toEqual({
      email: "ada@example.com",
      username: "ada",
      emailVerified: true,
    });
  });

  it("reads the claims named by email_claim_type and username_claim_type", () => {
    const claimType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    const identity = identityFromClaims(settings({ emailClaimType: claimType, usernameClaimType: "upn" }), {
      [claimType]: "ada@example.com",
      upn: "ada@corp",
      email: "other@example.com",
    });
    expect(identity).toEqual({ email: "ada@example.com", username: "ada@corp", emailVerified: null });
  });

  it("has no email when the claim is missing, empty or not text; reads email_verified given as text", () => {
    expect(identityFromClaims(settings(), {}).email).toBeNull();
    expect(identityFromClaims(settings(), { email: "  " }).email).toBeNull();
    expect(identityFromClaims(settings(), { email: ["a@b"] }).email).toBeNull();
    expect(identityFromClaims(settings(), { email: "a@b", email_verified: "false" }).emailVerified).toBe(false);
  });
});

describe("the sign-in texts", () => {
  it("resolves translation keys through the catalogue, showing a key without an entry as it is", () => {
    expect(translate("T_SignIn_AzureAD")).toBe(CATALOGUE.T_SignIn_AzureAD);
    expect(translate("T_Unknown_Key")).toBe("T_Unknown_Key");
    expect(translate("toString")).toBe("toString");
  });

  it("names the provider on the button when no text is set", () => {
    expect(providerTexts("corp", { signIn: null, signInTitle: null, signInDescription: null })).toEqual({
      button: "Sign in with corp",
      title: null,
      description: null,
    });
    expect(providerTexts("corp", { signIn: "T_SignIn_SSO", signInTitle: "T_SignInTitle_SSO", signInDescription: "T_Nope" })).toEqual({
      button: "Sign in with single sign-on",
      title: "Single sign-on",
      description: "T_Nope",
    });
  });
});
