import "server-only";
import { actorOf, type Actor } from "@/lib/audit/audit";
import { originOf } from "@/lib/audit/origin";
import type { Principal } from "@/lib/auth/permissions";
import { clientPower } from "@/lib/auth/power";
import { isClientActive } from "@/lib/clients/status";
import { prisma } from "@/lib/db/prisma";
import { verifyAccessToken } from "@/lib/oauth/access-token";
import { ApiError } from "./errors";

/** The profile a client created through the API gets when the body names none (and the caller is not context-bound). */
export const ADMINISTRATOR_PROFILE = "Administrator";

/**
 * An API caller: the client behind the access token, as a principal of the one permission table
 * (lib/auth/permissions.ts): its own admin API role (ADR 008; null: every operation answers 403),
 * within its profile context when it has one (that context's clients only, always with its profile;
 * never scopes) — the same reach as a context-bound admin (lib/auth/power.ts, clientPower).
 */
export type Caller = { actor: Actor; principal: Principal & { profile: string } };

const REALM = 'Bearer realm="portal"';

function unauthorized(message: string, tokenGiven: boolean) {
  return new ApiError(401, tokenGiven ? "invalid_token" : "unauthorized", message, undefined, {
    "WWW-Authenticate": tokenGiven ? `${REALM}, error="invalid_token"` : REALM,
  });
}

/**
 * Authenticates an API call: `Authorization: Bearer <access token from /oauth/token>`. The token must
 * verify, and its client must still exist, be active (isClientActive) and still have the profile and
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
    select: {
      id: true,
      clientId: true,
      enabled: true,
      expiresAt: true,
      profileId: true,
      profileContextId: true,
      adminApiRole: true,
      profile: { select: { identifier: true } },
    },
  });
  const stale =
    !client || !isClientActive(client) || client.profile.identifier !== claims.profile || client.profileContextId !== (claims.profile_context ?? null);
  if (stale) throw unauthorized("The client of this access token no longer exists, is disabled or expired, or its profile changed.", true);

  return { actor: actorOf(client, originOf(request.headers)), principal: { ...clientPower(client), profile: client.profile.identifier } };
}
