import "server-only";
import type { Actor } from "@/lib/audit/audit";
import { prisma } from "@/lib/db/prisma";
import { verifyAccessToken } from "@/lib/oauth/access-token";
import { ApiError, forbidden } from "./errors";

/** The profile that may do everything through the API (when it is not bound to a context). */
export const ADMINISTRATOR_PROFILE = "Administrator";

/**
 * What a caller may do, decided by its client's profile:
 * - `admin`: the Administrator profile without a profile context — everything;
 * - `context`: any profile bound to a profile context — list, read, create and change the clients of
 *   that context only (the scope of responsibility), never scopes;
 * - `none`: any other profile — nothing (least privilege: a profile is granted API rights explicitly).
 */
export type Access =
  | { kind: "admin" }
  | { kind: "context"; profileContextId: number; profileId: string; profile: string }
  | { kind: "none"; profile: string };

export type Caller = { actor: Actor; access: Access };

const REALM = 'Bearer realm="portal"';

function unauthorized(message: string, tokenGiven: boolean) {
  return new ApiError(401, tokenGiven ? "invalid_token" : "unauthorized", message, undefined, {
    "WWW-Authenticate": tokenGiven ? `${REALM}, error="invalid_token"` : REALM,
  });
}

/**
 * Authenticates an API call: `Authorization: Bearer <access token from /oauth/token>`. The token must
 * verify, and its client must still exist, be enabled, be unexpired and still have the profile and
 * profile context the token was issued for (a change to either takes effect at once).
 */
export async function authenticate(request: Request): Promise<Caller> {
  const header = request.headers.get("authorization");
  if (!header) throw unauthorized("Send an access token: Authorization: Bearer <token>.", false);
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!match) throw unauthorized("The Authorization header must be: Bearer <token>.", true);
  const claims = await verifyAccessToken(match[1]!);
  if (!claims) throw unauthorized("The access token is invalid or expired.", true);

  const client = await prisma.client.findUnique({
    where: { clientId: claims.client_id },
    select: { id: true, clientId: true, enabled: true, expiresAt: true, profileId: true, profileContextId: true, profile: { select: { identifier: true } } },
  });
  const stale =
    !client ||
    !client.enabled ||
    (client.expiresAt !== null && client.expiresAt.getTime() <= Date.now()) ||
    client.profile.identifier !== claims.profile ||
    client.profileContextId !== (claims.profile_context ?? null);
  if (stale) throw unauthorized("The client of this access token no longer exists, is disabled or expired, or its profile changed.", true);

  const actor: Actor = { type: "client", id: client.id, label: client.clientId };
  const profile = client.profile.identifier;
  if (client.profileContextId !== null) {
    return { actor, access: { kind: "context", profileContextId: client.profileContextId, profileId: client.profileId, profile } };
  }
  return { actor, access: profile === ADMINISTRATOR_PROFILE ? { kind: "admin" } : { kind: "none", profile } };
}

/** Scopes (and anything beyond clients) are for the Administrator profile only. */
export function requireAdministrator(caller: Caller): void {
  if (caller.access.kind === "admin") return;
  throw forbidden(
    caller.access.kind === "context"
      ? "A client bound to a profile context may manage only the clients of its context."
      : `The profile "${caller.access.profile}" grants no access to this API.`,
  );
}
