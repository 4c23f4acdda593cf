import { ACCESS_TOKEN_TTL_SECONDS } from "@/lib/oauth/config";

// What the end-user engine (./provider.ts) does, as plain values: discovery (lib/oauth/discovery.ts)
// lists them without loading the engine, and discovery.test.ts checks the engine says the same.

/** The engine's endpoints, under the issuer. Discovery, the JWKS and introspection stay the portal's own. */
export const ENGINE_ROUTES = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  userinfo: "/oauth/userinfo",
  revocation: "/oauth/revoke",
  end_session: "/oauth/logout",
} as const;

/** The claims each built-in scope releases (OpenID Connect Core §5.4), from what EndUser keeps. */
export const SCOPE_CLAIMS = {
  // amr: how the person signed in at the identity provider (RFC 8176), as it said in its ID token.
  openid: ["sub", "amr"],
  profile: ["name", "preferred_username"],
  email: ["email", "email_verified"],
} as const;

/** What the engine answers in the authorization endpoint's response_type. */
export const RESPONSE_TYPES = ["code", "code id_token"] as const;
export const RESPONSE_MODES = ["query", "fragment", "form_post"] as const;
export const CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"] as const;

export const ENGINE_TTL = {
  AccessToken: ACCESS_TOKEN_TTL_SECONDS,
  AuthorizationCode: 60,
  IdToken: ACCESS_TOKEN_TTL_SECONDS,
  RefreshToken: 14 * 24 * 3600,
  Session: 14 * 24 * 3600,
  Interaction: 3600,
  Grant: 365 * 24 * 3600,
} as const;
