import "server-only";
import type { ClientAuthMethod, ClientMetadata, SigningAlgorithmWithNone } from "oidc-provider";
import { clientStatus } from "@/lib/clients/status";
import type { ClientRecord } from "@/lib/oauth/directory";

// The portal's clients as the end-user OpenID provider (oidc-provider) sees them. One source: the
// client records the token endpoint already reads (lib/oauth/directory.ts, cached on the change
// epoch), so a disabled, expired or deleted client stops at once on both sides.

/** The flows whose clients sign people in through the engine, and what each may ask for. */
const BROWSER_FLOWS = {
  AuthorizationCode: { response_types: ["code"], grant_types: ["authorization_code", "refresh_token"] },
  // Hybrid (OpenID Connect Core §3.3): `code id_token`, and plain `code` too.
  Hybrid: { response_types: ["code id_token", "code"], grant_types: ["authorization_code", "implicit", "refresh_token"] },
} as const satisfies Record<string, Pick<ClientMetadata, "response_types" | "grant_types">>;

export type BrowserFlow = keyof typeof BROWSER_FLOWS;

export function isBrowserFlow(flow: string): flow is BrowserFlow {
  return Object.hasOwn(BROWSER_FLOWS, flow);
}

/**
 * What the engine stores instead of a client secret. The portal keeps only SHA-256 hashes of its
 * secrets; the engine's secret comparison is replaced by a constant-time check against them
 * (./provider.ts), so this value is never compared with anything.
 */
export const HASHED_SECRETS_ONLY = "portal-stores-only-secret-hashes";

/** Custom schemes (a mobile app's `com.example.app:/callback`) and loopback http are native apps (RFC 8252). */
function applicationType(redirectUris: readonly string[]): "web" | "native" {
  return redirectUris.some((uri) => !/^https?:/i.test(uri)) ? "native" : "web";
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * The engine's metadata for a client, or undefined when it signs nobody in: a client_credentials or
 * implicit client, a disabled or expired one. Its scopes are the enabled scopes it may request, and
 * `offline_access` (a refresh token, RFC 6749 §6) for every browser client.
 */
export function engineClientMetadata(client: ClientRecord, now = new Date()): ClientMetadata | undefined {
  if (!isBrowserFlow(client.flow) || clientStatus(client, now) !== "active") return undefined;
  const redirectUris = strings(client.redirectUris);
  const scopes = client.scopes.filter((s) => s.scope.enabled).map((s) => s.scope.name);
  return {
    client_id: client.clientId,
    client_name: client.displayName,
    ...(client.tokenEndpointAuthMethod === "none" ? {} : { client_secret: HASHED_SECRETS_ONLY }),
    token_endpoint_auth_method: client.tokenEndpointAuthMethod as ClientAuthMethod,
    application_type: applicationType(redirectUris),
    redirect_uris: redirectUris,
    post_logout_redirect_uris: strings(client.postLogoutRedirectUris),
    id_token_signed_response_alg: client.idTokenSignedResponseAlg as SigningAlgorithmWithNone,
    // auth_time in every ID token (OpenID Connect Core §2), not only when max_age is asked for.
    require_auth_time: true,
    scope: [...scopes, "offline_access"].join(" "),
    ...BROWSER_FLOWS[client.flow],
  };
}
