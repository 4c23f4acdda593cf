import "server-only";
import { prisma } from "@/lib/db/prisma";
import { CLIENT_AUTH_METHODS, ENGINE_ROUTES, RESPONSE_MODES, RESPONSE_TYPES, SCOPE_CLAIMS } from "@/lib/end-users/engine/capabilities";
import { issuer, SIGNING_ALGS } from "./config";

/** The endpoints of the portal's authorization server, all under the issuer. */
export function endpoints(iss = issuer()) {
  return {
    authorization: `${iss}${ENGINE_ROUTES.authorization}`,
    token: `${iss}${ENGINE_ROUTES.token}`,
    userinfo: `${iss}${ENGINE_ROUTES.userinfo}`,
    revocation: `${iss}${ENGINE_ROUTES.revocation}`,
    endSession: `${iss}${ENGINE_ROUTES.end_session}`,
    introspection: `${iss}/oauth/introspect`,
    jwks: `${iss}/.well-known/jwks.json`,
    documentation: `${iss}/docs/api`,
  };
}

/** Introspection is the portal's own endpoint: callers authenticate with a secret. */
const INTROSPECTION_AUTH_METHODS = ["client_secret_basic", "client_secret_post"];

/** The claims an ID token or UserInfo may carry: those of the scopes, and those of the sign-in itself. */
const CLAIMS = [...new Set([...Object.values(SCOPE_CLAIMS).flat(), "auth_time", "iss", "sid"])].sort();

/**
 * OpenID provider metadata (OpenID Connect Discovery 1.0, RFC 8414; served at
 * /.well-known/openid-configuration and /.well-known/oauth-authorization-server). It lists what
 * the portal really does: client_credentials by its own token handler, and the authorization code
 * flow (with PKCE, S256 only), Hybrid `code id_token`, refresh tokens, UserInfo, revocation and
 * RP-initiated logout by the end-user engine (lib/end-users/engine). The values the engine decides
 * are the engine's own constants, and discovery.test.ts compares them with what the engine announces.
 */
export async function discoveryDocument(iss: string = issuer()) {
  const urls = endpoints(iss);
  const scopes = await prisma.scope.findMany({ where: { enabled: true }, select: { name: true }, orderBy: { name: "asc" } });
  return {
    issuer: iss,
    authorization_endpoint: urls.authorization,
    token_endpoint: urls.token,
    userinfo_endpoint: urls.userinfo,
    revocation_endpoint: urls.revocation,
    end_session_endpoint: urls.endSession,
    introspection_endpoint: urls.introspection,
    jwks_uri: urls.jwks,
    scopes_supported: [...new Set([...scopes.map((s) => s.name), "offline_access"])].sort(),
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: [...RESPONSE_MODES],
    grant_types_supported: ["authorization_code", "client_credentials", "implicit", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: INTROSPECTION_AUTH_METHODS,
    // The algorithms the portal signs tokens with; each client's id_token_signed_response_alg picks one.
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    subject_types_supported: ["public"],
    claims_supported: CLAIMS,
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    service_documentation: urls.documentation,
  };
}

/** Public, cacheable for five minutes, readable from browsers of any origin. */
export const PUBLIC_METADATA_HEADERS = {
  "Cache-Control": "public, max-age=300",
  "Access-Control-Allow-Origin": "*",
} as const;
