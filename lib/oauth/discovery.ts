import "server-only";
import { prisma } from "@/lib/db/prisma";
import { issuer, SIGNING_ALGS } from "./config";

/** The endpoints of the portal's authorization server, all under the issuer. */
export function endpoints(iss = issuer()) {
  return {
    token: `${iss}/oauth/token`,
    introspection: `${iss}/oauth/introspect`,
    jwks: `${iss}/.well-known/jwks.json`,
    documentation: `${iss}/docs/api`,
  };
}

const CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"];

/**
 * Authorization server metadata (RFC 8414; served at /.well-known/openid-configuration and
 * /.well-known/oauth-authorization-server). It describes what the portal really does: the
 * client_credentials grant only. There is no authorization endpoint, so response_types_supported —
 * REQUIRED by RFC 8414 — is present and empty rather than claiming a response type ("token" is the
 * implicit grant) that nothing here answers.
 */
export async function discoveryDocument(iss: string = issuer()) {
  const urls = endpoints(iss);
  const scopes = await prisma.scope.findMany({ where: { enabled: true }, select: { name: true }, orderBy: { name: "asc" } });
  return {
    issuer: iss,
    token_endpoint: urls.token,
    introspection_endpoint: urls.introspection,
    jwks_uri: urls.jwks,
    scopes_supported: scopes.map((s) => s.name),
    response_types_supported: [] as string[],
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // The algorithms the portal signs tokens with; each client's id_token_signed_response_alg picks one.
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    // `sub` is the client_id, the same for every resource server.
    subject_types_supported: ["public"],
    service_documentation: urls.documentation,
  };
}

/** Public, cacheable for five minutes, readable from browsers of any origin. */
export const PUBLIC_METADATA_HEADERS = {
  "Cache-Control": "public, max-age=300",
  "Access-Control-Allow-Origin": "*",
} as const;
