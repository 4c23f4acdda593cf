import "server-only";
import { limiterFor, type RateLimiter } from "@/lib/auth/rate-limit";
import * as clock from "@/lib/clock";
import { isClientActive } from "@/lib/clients/status";
import { verifyAccessToken } from "./access-token";
import { authenticateIntrospectionCaller, presentedCredentials, type IntrospectionCaller } from "./client-auth";
import { databaseDirectory, type Directory } from "./directory";
import { fetchHandler, formEndpoint, noStoreJson, OAuthError, param } from "./http";
import { tokenUsage, type TokenUsageRecorder } from "./token-usage";

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      sub: string;
      exp: number;
      iat: number;
      iss: string;
      aud: string | string[];
      jti: string;
      token_type: "Bearer";
      profile: string;
      profile_context?: number;
    };

const INACTIVE = { active: false } as const;

/** What the end-user engine knows of one of its opaque access tokens (lib/end-users/engine), or null. */
export type EngineToken = { clientId: string; accountId: string; scope: string; exp: number; iat: number; jti: string; iss: string };
export type EngineTokens = (token: string) => Promise<EngineToken | null>;

/**
 * What `caller` may learn about `token` (RFC 7662 §2.2). Inactive — with no reason, §2.2 — when the
 * token is malformed, not signed by a published key, expired, or its client is gone, disabled,
 * expired or was re-created after the token was issued; also when the caller may not see it:
 * a scope caller sees only tokens that carry its scope, a client caller only its own tokens.
 */
export async function introspect(
  token: string,
  caller: IntrospectionCaller,
  now = new Date(),
  directory: Directory = databaseDirectory,
  engineTokens?: EngineTokens,
): Promise<IntrospectionResponse> {
  const claims = await verifyAccessToken(token);
  if (!claims) return engineTokens ? introspectEngineToken(token, caller, now, directory, engineTokens) : INACTIVE;

  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [];
  if (caller.kind === "scope" && !scopes.includes(caller.name)) return INACTIVE;
  if (caller.kind === "client" && claims.client_id !== caller.clientId) return INACTIVE;

  const client = await directory.client(claims.client_id);
  if (!client || !isClientActive(client, now)) return INACTIVE;
  // A client deleted and created again under the same client_id does not inherit old tokens.
  if (Math.floor(client.createdAt.getTime() / 1000) > claims.iat) return INACTIVE;

  return {
    active: true,
    scope: scopes.join(" "),
    client_id: claims.client_id,
    sub: claims.sub,
    exp: claims.exp,
    iat: claims.iat,
    iss: claims.iss,
    aud: claims.aud,
    jti: claims.jti,
    token_type: "Bearer",
    profile: claims.profile,
    ...(typeof claims.profile_context === "number" ? { profile_context: claims.profile_context } : {}),
  };
}

/**
 * An access token of the browser flows (the engine's opaque tokens, for UserInfo): the same rules of
 * who may see it; `sub` is the person, `aud` the client.
 */
async function introspectEngineToken(
  token: string,
  caller: IntrospectionCaller,
  now: Date,
  directory: Directory,
  engineTokens: EngineTokens,
): Promise<IntrospectionResponse> {
  if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return INACTIVE;
  const found = await engineTokens(token);
  if (!found || found.exp <= Math.floor(now.getTime() / 1000)) return INACTIVE;
  const scopes = found.scope.split(" ").filter(Boolean);
  if (caller.kind === "scope" && !scopes.includes(caller.name)) return INACTIVE;
  if (caller.kind === "client" && found.clientId !== caller.clientId) return INACTIVE;
  const client = await directory.client(found.clientId);
  if (!client || !isClientActive(client, now)) return INACTIVE;
  return {
    active: true,
    scope: scopes.join(" "),
    client_id: found.clientId,
    sub: found.accountId,
    exp: found.exp,
    iat: found.iat,
    iss: found.iss,
    aud: found.clientId,
    jti: found.jti,
    token_type: "Bearer",
    profile: client.profile.identifier,
    ...(client.profileContextId !== null ? { profile_context: client.profileContextId } : {}),
  };
}

/**
 * The introspection endpoint (RFC 7662), independent of the transport. The caller authenticates
 * first (HTTP Basic or client_id/client_secret in the body) as a scope or a client; `token` is
 * required; `token_type_hint` is accepted and ignored (there is one kind of token).
 */
export function createIntrospectionHandler(
  limits: { perAddress: RateLimiter } = { perAddress: limiterFor("RATE_LIMIT_INTROSPECT_PER_ADDRESS") },
  directory: Directory = databaseDirectory,
  engineTokens?: EngineTokens,
  usage: Pick<TokenUsageRecorder, "recordSecret"> = tokenUsage,
) {
  return formEndpoint("introspection endpoint", limits.perAddress, async (request, form) => {
    const now = clock.now();
    const caller = await authenticateIntrospectionCaller(presentedCredentials(request.header("authorization") ?? null, form), now, directory);
    // Which secret authenticated: counted in memory, written with the token usage batch.
    void usage.recordSecret(caller.secretId, now);
    const token = param(form, "token");
    if (token === undefined) throw new OAuthError("invalid_request", "token is missing.");
    // The caller's secret is judged by the portal's clock; the token's own lifetime by the system clock (ADR 026).
    return noStoreJson(await introspect(token, caller, new Date(), directory, engineTokens));
  });
}

/** The introspection endpoint as a Fetch API handler (Request → Response), as the tests drive it. */
export function createIntrospectionEndpoint(limits?: { perAddress: RateLimiter }, directory?: Directory, usage?: Pick<TokenUsageRecorder, "recordSecret">) {
  return fetchHandler(createIntrospectionHandler(limits, directory, undefined, usage));
}
