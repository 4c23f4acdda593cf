import "server-only";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { issueAccessToken } from "./access-token";
import { tokenUsage, type TokenUsageRecorder } from "./token-usage";
import { authenticateClient, presentedCredentials, type AuthenticatedClient } from "./client-auth";
import { SIGNING_ALGS, type SigningAlg } from "./config";
import { errorResponse, noStoreJson, OAuthError, param, readForm, requestAddress, serverErrorResponse, tooManyRequests } from "./http";

/** Token requests per minute: per authenticated client, and per caller address (any outcome). */
export const TOKEN_RATE_LIMITS = { perClient: 30, perAddress: 120, windowMs: 60_000 } as const;

/** A scope-token of RFC 6749 §3.3: %x21 / %x23-5B / %x5D-7E. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The `scope` parameter as a list (space-delimited, case-sensitive, duplicates dropped); null when absent. */
export function parseScopeParam(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const tokens = raw.split(" ").filter((t) => t !== "");
  if (tokens.length === 0) return null;
  const bad = tokens.find((t) => !SCOPE_TOKEN.test(t));
  if (bad !== undefined) throw new OAuthError("invalid_scope", "The scope parameter holds characters a scope cannot have.");
  return [...new Set(tokens)];
}

/**
 * The scopes a token gets. Requested: each must be allowed for the client and enabled, else
 * invalid_scope. Absent: every allowed, enabled scope of the client (RFC 6749 §3.3 lets the server
 * use a pre-defined default; the portal's default is "everything the client may have").
 */
export function grantScopes(client: Pick<AuthenticatedClient, "scopes">, requested: string[] | null): string[] {
  const allowed = client.scopes
    .map((s) => s.scope)
    .filter((s) => s.enabled)
    .map((s) => s.name)
    .sort();
  if (requested === null) return allowed;
  const refused = requested.filter((name) => !allowed.includes(name));
  if (refused.length > 0) {
    throw new OAuthError("invalid_scope", `Not allowed for this client (or disabled): ${refused.join(" ")}`);
  }
  return requested;
}

export type TokenEndpointLimits = { perClient: RateLimiter; perAddress: RateLimiter };

/**
 * The token endpoint (RFC 6749 §4.4, client_credentials) as a function from Request to Response,
 * so tests drive it without an HTTP server. Order: address limit → form → client authentication →
 * client limit → grant_type → flow → scope → token. Nothing about the grant is told to a caller that
 * has not authenticated.
 */
export function createTokenEndpoint(
  limits: TokenEndpointLimits = {
    perClient: new RateLimiter(TOKEN_RATE_LIMITS.perClient, TOKEN_RATE_LIMITS.windowMs),
    perAddress: new RateLimiter(TOKEN_RATE_LIMITS.perAddress, TOKEN_RATE_LIMITS.windowMs),
  },
  usage: TokenUsageRecorder = tokenUsage,
) {
  return async function handleTokenRequest(request: Request, address = requestAddress(request)): Promise<Response> {
    try {
      const byAddress = limits.perAddress.consume(address);
      if (!byAddress.allowed) throw tooManyRequests(byAddress.retryAfterMs);

      const form = await readForm(request);
      const client = await authenticateClient(presentedCredentials(request.headers.get("authorization"), form));

      // Counted after authentication: client ids are not secret, so counting failed attempts per
      // client id would let anyone lock a client out. Failed attempts count per address.
      const byClient = limits.perClient.consume(client.clientId);
      if (!byClient.allowed) throw tooManyRequests(byClient.retryAfterMs);

      const grantType = param(form, "grant_type");
      if (grantType === undefined) throw new OAuthError("invalid_request", "grant_type is missing.");
      if (grantType !== "client_credentials") throw new OAuthError("unsupported_grant_type", "The only supported grant_type is client_credentials.");
      if (client.flow !== "ClientCredentials") {
        throw new OAuthError("unauthorized_client", `This client uses the ${client.flow} flow; only ClientCredentials clients may use the client_credentials grant.`);
      }

      const scopes = grantScopes(client, parseScopeParam(param(form, "scope")));
      const alg = (SIGNING_ALGS as readonly string[]).includes(client.idTokenSignedResponseAlg) ? (client.idTokenSignedResponseAlg as SigningAlg) : "RS256";
      const { token, expiresIn } = await issueAccessToken({
        clientId: client.clientId,
        alg,
        scopes,
        profile: client.profile.identifier,
        profileContextId: client.profileContextId,
      });
      // Throttled and not awaited: the answer never waits for this write.
      void usage.record(client.id);
      return noStoreJson({ access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: scopes.join(" ") });
    } catch (error) {
      if (error instanceof OAuthError) return errorResponse(error);
      return serverErrorResponse("token endpoint", error);
    }
  };
}

/** The process-wide token endpoint (its rate limits live in memory, like the sign-in limiter's). */
export const handleTokenRequest = createTokenEndpoint();
