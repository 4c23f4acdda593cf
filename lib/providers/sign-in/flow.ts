import "server-only";
import * as oidc from "openid-client";
import { outboundFetch } from "@/lib/http/outbound";
import { prisma } from "@/lib/db/prisma";
import { rowToSettings, type ProviderSettings } from "../schema";
import { defaultMetadataAddress } from "../vocabulary";
import { openClientSecret } from "../secret";
import type { RefusalReason } from "./messages";
import { amrShowsMultiFactor } from "./amr";
import { adminForIdentity } from "./identity";
import { authorizationParameters, identityFromClaims, signInRedirectUri } from "./request";
import { consumeSignInState, openSignInState, type SignInState } from "./state";

// Signing an admin in through an identity provider with openid-client (docs/decisions/009):
// authorization code flow with PKCE, state and nonce; the ID token checked for issuer, audience,
// signature (the provider's JWKS), nonce and max_age/auth_time. Every request to the provider goes
// through outboundFetch. Each failure is a SignInRefusal with a reason the sign-in page explains;
// its detail is for the audit log and never holds a token or secret.

export class SignInRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
    readonly context: { adminId?: string; email?: string | null } = {},
  ) {
    super(`${reason}: ${detail}`);
    this.name = "SignInRefusal";
  }
}

export type SignInProvider = { id: string; settings: ProviderSettings; clientSecret: string | null };

/** An enabled provider by provider_name, with its client secret decrypted; null otherwise. */
export async function enabledProvider(providerName: string): Promise<SignInProvider | null> {
  const row = await prisma.identityProvider.findUnique({ where: { providerName }, omit: { clientSecretEncrypted: false } });
  if (!row || !row.isEnabled) return null;
  return {
    id: row.id,
    settings: rowToSettings(row),
    clientSecret: row.clientSecretEncrypted === null ? null : openClientSecret(row.id, row.clientSecretEncrypted),
  };
}

/** The providers shown on the sign-in page (enabled ones), Active first. */
export async function signInProviders() {
  const rows = await prisma.identityProvider.findMany({ where: { isEnabled: true }, orderBy: { providerName: "asc" } });
  return rows.map((row) => rowToSettings(row)).sort((a, b) => Number(b.authenticationMode === "Active") - Number(a.authenticationMode === "Active"));
}

const DISCOVERY_TIMEOUT_SECONDS = 10;
const withoutTrailingSlash = (value: string) => value.replace(/\/+$/, "");
/** outboundFetch, in the shape openid-client calls its customFetch. */
const customFetch: oidc.CustomFetch = (url, options) => outboundFetch(url, options as RequestInit);

/** A short, token-free description of an error, for the audit log. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  const oauthError = (error as { error?: unknown }).error;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  const text = `${typeof oauthError === "string" ? `${oauthError}: ` : ""}${typeof code === "string" ? `${code}: ` : ""}${error.message}${cause}`;
  return text.slice(0, 300);
}

/**
 * The provider's configuration from its discovery document (metadata_address, default
 * {authority}/.well-known/openid-configuration). The document's issuer must be the authority.
 */
export async function providerConfiguration(provider: SignInProvider): Promise<oidc.Configuration> {
  const { settings, clientSecret } = provider;
  const metadataUrl = new URL(settings.metadataAddress ?? defaultMetadataAddress(settings.authority));
  // The settings allow http only for loopback hosts (lib/validation/uri.ts).
  const insecure = metadataUrl.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
  let discovered: oidc.Configuration;
  try {
    discovered = await oidc.discovery(metadataUrl, settings.clientId, undefined, oidc.None(), {
      [oidc.customFetch]: customFetch,
      execute: insecure,
      timeout: DISCOVERY_TIMEOUT_SECONDS,
    });
  } catch (error) {
    throw new SignInRefusal("provider_unreachable", `discovery at ${metadataUrl.href} failed: ${describeError(error)}`);
  }
  const metadata = discovered.serverMetadata();
  if (withoutTrailingSlash(metadata.issuer) !== withoutTrailingSlash(settings.authority)) {
    throw new SignInRefusal("provider_misconfigured", `issuer mismatch: the document says ${metadata.issuer}, the authority is ${settings.authority}`);
  }
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw new SignInRefusal("provider_misconfigured", "the discovery document has no authorization_endpoint or token_endpoint");
  }
  // A client secret: client_secret_basic (the default of RFC 8414) unless only client_secret_post is
  // offered. None: a public client, protected by PKCE.
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth =
    clientSecret === null
      ? oidc.None()
      : methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post")
        ? oidc.ClientSecretPost(clientSecret)
        : oidc.ClientSecretBasic(clientSecret);
  const config = new oidc.Configuration(metadata, settings.clientId, clientSecret ?? undefined, auth);
  config[oidc.customFetch] = customFetch;
  config.timeout = DISCOVERY_TIMEOUT_SECONDS;
  if (insecure.length) oidc.allowInsecureRequests(config);
  // Verify the ID token's signature with the provider's JWKS even though it comes straight from the
  // token endpoint (OpenID Connect Core §3.1.3.7 lets a client skip that; we do not).
  oidc.enableNonRepudiationChecks(config);
  if (settings.responseType === "code id_token") oidc.useCodeIdTokenResponseType(config);
  return config;
}

export type SignInStart = {
  /** The sealed state for the cookie. */
  cookie: string;
  /** Where the browser goes: a GET redirect (redirect_get) or a POSTed form (form_post). */
  authorization: { method: "GET"; url: string } | { method: "POST"; action: string; fields: [string, string][] };
};

/** Starts a sign-in: discovery, fresh state / nonce / PKCE verifier, and the authorization request. */
export async function beginSignIn(
  providerName: string,
  { origin, callbackPath, interaction = null }: { origin: string; callbackPath: string; interaction?: string | null },
): Promise<SignInStart> {
  const provider = await enabledProvider(providerName);
  if (!provider) throw new SignInRefusal("provider_unavailable", `no enabled provider named ${providerName}`);
  const { settings } = provider;
  const config = await providerConfiguration(provider);

  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const redirectUri = signInRedirectUri(settings, origin);
  const params = authorizationParameters(settings, { redirectUri, state, nonce, codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier) });
  const url = oidc.buildAuthorizationUrl(config, params);
  const cookie = await openSignInState({ providerName, state, nonce, codeVerifier, redirectUri, maxAge: settings.maxAge, callbackPath, interaction });

  if (settings.authenticationMethod === "form_post") {
    const action = new URL(url);
    action.search = "";
    return { cookie, authorization: { method: "POST", action: action.href, fields: [...url.searchParams.entries()] } };
  }
  return { cookie, authorization: { method: "GET", url: url.href } };
}

export type SignedInIdentity = {
  adminId: string;
  email: string;
  username: string | null;
  providerId: string;
  callbackPath: string;
  /** The provider vouched for a multi-factor sign-in and its setting trusts that (./amr.ts). */
  multiFactor: boolean;
};

/** The provider's answer as sent to the callback: the query (GET) or the form body (form_post). */
export async function callbackParameters(request: Request): Promise<URLSearchParams> {
  if (request.method === "POST") {
    const type = request.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
    return new URLSearchParams(await request.text());
  }
  return new URL(request.url).searchParams;
}

/** A provider's answer, verified: who the provider says signed in, and how. */
export type VerifiedAnswer = {
  provider: SignInProvider;
  saved: SignInState;
  /** The ID token's claims (checked by openid-client): iss, sub and amr come from here only. */
  idToken: oidc.IDToken;
  /** The ID token's claims, with the userinfo claims over them when the provider is set to fetch them. */
  claims: Record<string, unknown>;
};

/**
 * Verifies a provider's answer at the callback: the state cookie (once), the answer, the code
 * exchange, the ID token checks and optionally the userinfo claims. For an admin's sign-in
 * (finishSignIn) or an end user's (lib/end-users/sign-in.ts): `purpose` says which, and a state
 * opened for the other is refused.
 */
export async function verifyProviderAnswer(
  providerName: string,
  params: URLSearchParams,
  cookie: string | undefined,
  purpose: "admin" | "end-user",
  now = Date.now(),
): Promise<VerifiedAnswer> {
  const saved = await consumeSignInState(cookie, providerName, now);
  if (!saved) throw new SignInRefusal("state_invalid", "no live sign-in state for this browser (missing, expired, already used or tampered with)");
  if (((saved.interaction ?? null) !== null) !== (purpose === "end-user"))
    throw new SignInRefusal("state_invalid", `the sign-in state was not opened for an ${purpose} sign-in`);
  if (params.get("state") !== saved.state) throw new SignInRefusal("state_invalid", "the state parameter does not match this browser's sign-in");

  const error = params.get("error");
  if (error) {
    const code = error.replace(/[^\x20-\x7E]/g, "").slice(0, 100);
    throw new SignInRefusal(code === "access_denied" ? "access_denied" : "provider_error", `the provider answered error=${code}`);
  }

  const provider = await enabledProvider(providerName);
  if (!provider) throw new SignInRefusal("provider_unavailable", `no enabled provider named ${providerName}`);
  const { settings } = provider;
  const config = await providerConfiguration(provider);

  // The answer as openid-client reads it, on the redirect URI it was sent to (not this request's
  // URL, which a reverse proxy or the /signin-{name} rewrite may have changed).
  const current = new URL(saved.redirectUri);
  if (settings.responseType === "code id_token") current.hash = params.toString();
  else for (const [key, value] of params) current.searchParams.append(key, value);

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: saved.codeVerifier,
      expectedState: saved.state,
      expectedNonce: saved.nonce,
      ...(saved.maxAge !== null ? { maxAge: saved.maxAge } : {}),
      idTokenExpected: true,
    });
  } catch (error) {
    throw codeGrantRefusal(error);
  }

  const idToken = tokens.claims()!;
  let claims: Record<string, unknown> = { ...idToken };
  if (settings.getClaimsFromUserInfoEndpoint && config.serverMetadata().userinfo_endpoint) {
    try {
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...claims, ...userinfo };
    } catch (error) {
      throw new SignInRefusal("userinfo_failed", `userinfo: ${describeError(error)}`);
    }
  }

  return { provider, saved, idToken, claims };
}

/**
 * Completes an admin's sign-in at the callback: the verified answer (verifyProviderAnswer), then the
 * admin it names (./identity.ts).
 */
export async function finishSignIn(providerName: string, params: URLSearchParams, cookie: string | undefined, now = Date.now()): Promise<SignedInIdentity> {
  const { provider, saved, idToken, claims } = await verifyProviderAnswer(providerName, params, cookie, "admin", now);
  const { settings } = provider;
  const { email, username, emailVerified } = identityFromClaims(settings, claims);
  // iss and sub from the ID token itself (checked by openid-client), never from userinfo.
  const match = await adminForIdentity(settings, { issuer: idToken.iss, subject: idToken.sub, email, emailVerified });
  if ("refused" in match) throw new SignInRefusal(match.refused, match.detail, { email: username, ...match.context });
  // amr from the ID token only (signed and checked), never from userinfo.
  const multiFactor = settings.trustAmrMultiFactor && amrShowsMultiFactor(idToken.amr);
  return { adminId: match.adminId, email: match.email, username, providerId: provider.id, callbackPath: saved.callbackPath, multiFactor };
}

/** What went wrong in the code exchange or the ID token checks. */
function codeGrantRefusal(error: unknown): SignInRefusal {
  const detail = describeError(error);
  if (error instanceof oidc.ResponseBodyError) {
    if (error.error === "invalid_client" || error.error === "unauthorized_client") return new SignInRefusal("client_rejected", `token endpoint: ${detail}`);
    return new SignInRefusal("code_rejected", `token endpoint: ${detail}`);
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SignInRefusal(error.error === "access_denied" ? "access_denied" : "provider_error", detail);
  }
  const code = (error as { code?: string } | null)?.code;
  if (
    code === "OAUTH_TIMEOUT" ||
    (error instanceof TypeError && /fetch failed/.test(error.message)) ||
    (error instanceof Error && error.name === "TimeoutError")
  ) {
    return new SignInRefusal("provider_unreachable", detail);
  }
  if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_RESPONSE_IS_NOT_JSON") return new SignInRefusal("provider_misconfigured", detail);
  return new SignInRefusal("id_token_invalid", detail);
}

/**
 * Where signing out of the portal lands for an admin who signed in through `method`'s provider:
 * its signed_out_redirect_uri, through the provider's RP-initiated logout (end_session_endpoint,
 * with post_logout_redirect_uri) when the provider advertises one. Null (the portal's own sign-in
 * page) for a password sign-in, a provider without signed_out_redirect_uri, or one no longer enabled.
 */
export async function signedOutDestination(method: string | null): Promise<string | null> {
  if (!method?.startsWith("provider:")) return null;
  const provider = await enabledProvider(method.slice("provider:".length));
  const after = provider?.settings.signedOutRedirectUri;
  if (!provider || !after) return null;
  try {
    const config = await providerConfiguration(provider);
    if (config.serverMetadata().end_session_endpoint) {
      return oidc.buildEndSessionUrl(config, { client_id: provider.settings.clientId, post_logout_redirect_uri: after }).href;
    }
  } catch {
    // The provider is unreachable: the admin is signed out of the portal all the same.
  }
  return after;
}
