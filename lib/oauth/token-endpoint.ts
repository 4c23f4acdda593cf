import "server-only";
import { limiterFor, type RateLimiter } from "@/lib/auth/rate-limit";
import * as clock from "@/lib/clock";
import { originOf } from "@/lib/audit/origin";
import { issueAccessToken } from "./access-token";
import { tokenUsage, type TokenUsageRecorder } from "./token-usage";
import { authenticateClient, presentedCredentials, type AuthenticatedClient } from "./client-auth";
import { SIGNING_ALGS, type SigningAlg } from "./config";
import { databaseDirectory, type Directory } from "./directory";
import { fetchHandler, formEndpoint, noStoreJson, OAuthError, param, tooManyRequests } from "./http";

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

/** The limits of the settings RATE_LIMIT_TOKEN_PER_CLIENT and RATE_LIMIT_TOKEN_PER_ADDRESS (per minute). */
export function tokenLimitsFromSettings(env: Record<string, string | undefined> = process.env): TokenEndpointLimits {
  return { perClient: limiterFor("RATE_LIMIT_TOKEN_PER_CLIENT", env), perAddress: limiterFor("RATE_LIMIT_TOKEN_PER_ADDRESS", env) };
}

/**
 * The token endpoint (RFC 6749 §4.4, client_credentials), independent of the transport. Order:
 * address limit → form → client authentication → client limit → grant_type → flow → scope → token.
 * Nothing about the grant is told to a caller that has not authenticated.
 */
export function createTokenHandler(
  limits: TokenEndpointLimits = tokenLimitsFromSettings(),
  usage: TokenUsageRecorder = tokenUsage,
  directory: Directory = databaseDirectory,
) {
  return formEndpoint("token endpoint", limits.perAddress, async (request, form, address) => {
    // Secret validity follows the portal's clock (lib/clock.ts); the token's lifetime, the system clock.
    const now = clock.now();
    const client = await authenticateClient(presentedCredentials(request.header("authorization") ?? null, form), now, directory);
    try {
      // Counted after authentication: client ids are not secret, so counting failed attempts per
      // client id would let anyone lock a client out. Failed attempts count per address.
      const byClient = limits.perClient.consume(client.clientId);
      if (!byClient.allowed) throw tooManyRequests(byClient.retryAfterMs);

      const grantType = param(form, "grant_type");
      if (grantType === undefined) throw new OAuthError("invalid_request", "grant_type is missing.");
      if (grantType !== "client_credentials") throw new OAuthError("unsupported_grant_type", "The only supported grant_type is client_credentials.");
      if (client.flow !== "ClientCredentials") {
        throw new OAuthError(
          "unauthorized_client",
          `This client uses the ${client.flow} flow; only ClientCredentials clients may use the client_credentials grant.`,
        );
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
      void usage.record(client.id, undefined, originOf({ get: (name) => request.header(name) }, address), client.secretId);
      return noStoreJson({ access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: scopes.join(" ") });
    } finally {
      // Which secret authenticated (whether or not a token follows): counted in memory, written in
      // the same batch as the issuance above (never awaited).
      void usage.recordSecret(client.secretId, now);
    }
  });
}

/** The token endpoint as a Fetch API handler (Request → Response), as the tests drive it. */
export function createTokenEndpoint(limits?: TokenEndpointLimits, usage?: TokenUsageRecorder, directory?: Directory) {
  return fetchHandler(createTokenHandler(limits, usage, directory));
}
