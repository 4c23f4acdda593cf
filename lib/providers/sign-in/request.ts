import { withOpenid } from "../fields";
import type { ProviderSettings } from "../schema";
import { normalizeEmail } from "@/lib/validation/email";
import { providerRedirectUri } from "../vocabulary";

// The authorization request, built from a provider's settings. Pure (no I/O), so every field's
// effect is unit-tested (request.test.ts).

/** The scopes requested when clear_default_scope is off (as ASP.NET's OpenIdConnectOptions.Scope). */
export const DEFAULT_SCOPES = ["openid", "profile"] as const;

/** openid always; the defaults unless clear_default_scope; then the provider's own scopes, each once. */
export function requestedScopes(settings: Pick<ProviderSettings, "scope" | "clearDefaultScope">): string[] {
  const scopes = settings.clearDefaultScope ? withOpenid(settings.scope) : [...DEFAULT_SCOPES, ...settings.scope];
  return [...new Set(scopes)];
}

export type RequestSecrets = { redirectUri: string; state: string; nonce: string; codeChallenge: string };

/**
 * The authorization request's parameters (client_id is added by openid-client): the code flow with
 * PKCE (S256), state and nonce, plus response_type, response_mode (sent unless it is the code
 * flow's default, query), prompt and max_age when set.
 */
export function authorizationParameters(settings: ProviderSettings, secrets: RequestSecrets): Record<string, string> {
  const params: Record<string, string> = {
    redirect_uri: secrets.redirectUri,
    response_type: settings.responseType,
    scope: requestedScopes(settings).join(" "),
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: secrets.codeChallenge,
    code_challenge_method: "S256",
  };
  if (settings.responseMode !== "query") params.response_mode = settings.responseMode;
  if (settings.prompt) params.prompt = settings.prompt;
  if (settings.maxAge !== null) params.max_age = String(settings.maxAge);
  return params;
}

/** The redirect URI sent to the provider: redirect_uri when set, else {origin}/signin-{provider_name}. */
export function signInRedirectUri(settings: Pick<ProviderSettings, "redirectUri" | "providerName">, origin: string): string {
  return settings.redirectUri ?? providerRedirectUri(origin, settings.providerName);
}

/** The claim named by email_claim_type (default email) and username_claim_type (default preferred_username). */
export function identityFromClaims(
  settings: Pick<ProviderSettings, "emailClaimType" | "usernameClaimType">,
  claims: Record<string, unknown>,
): { email: string | null; username: string | null; emailVerified: boolean | null } {
  const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
  const email = text(claims[settings.emailClaimType ?? "email"]);
  const verified = claims.email_verified;
  return {
    email: email === null ? null : normalizeEmail(email),
    username: text(claims[settings.usernameClaimType ?? "preferred_username"]),
    emailVerified: typeof verified === "boolean" ? verified : verified === "true" ? true : verified === "false" ? false : null,
  };
}
