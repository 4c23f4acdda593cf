import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/actions/result";
import { can, refusalMessage, type Permission, type Principal } from "@/lib/auth/permissions";
import { actorPower } from "@/lib/auth/power";
import { clientsWithin } from "@/lib/auth/reach";
import { endUserLabel, HELD_KINDS_EXCEPT_GRANTS } from "./queries";

// What an admin does to an end user's sign-ins (ADR 020), one service function each, called with the
// wrapper's context (ADR 007). Both act on the engine's storage (OidcRecord rows), which the engine
// reads at every request: what is deleted here is refused at the next one.

/**
 * The actor's power read in this transaction (a demotion or a new binding since the session began
 * counts), refused unless it holds `permission`: the service's own check, beside the wrapper's.
 */
async function powerFor(ctx: Pick<ServiceContext, "tx" | "actor">, permission: Permission): Promise<Principal> {
  const power = await actorPower(ctx.tx, ctx.actor);
  if (!can(power, permission)) throw new ForbiddenError(refusalMessage(power, permission));
  return power;
}

const USER_SELECT = { id: true, email: true, username: true, name: true } as const;

const targetOf = (user: { id: string; email: string | null; username: string | null; name: string | null }) => ({
  type: "endUser",
  id: user.id,
  label: endUserLabel(user),
});

/**
 * "Sign out everywhere": ends every session of the person at the portal's OpenID provider and revokes
 * every code, access token and refresh token they hold, at every client. Their grants (consents)
 * remain, so signing in again does not ask again. An unrestricted admin's act only: sessions span
 * every client, whichever context they belong to.
 */
export async function signOutEverywhereRecord(ctx: ServiceContext, id: string, now = new Date()) {
  const power = await powerFor(ctx, "endUsers.signOut");
  // The permission table keeps it from context-bound admins; the rule is this one, stated again.
  if (power.reach.kind !== "all") throw new ForbiddenError(refusalMessage(power, "endUsers.signOut"));
  const user = await ctx.tx.endUser.findUnique({ where: { id }, select: USER_SELECT });
  if (!user) throw new NotFoundError("This person is not known to the portal any more.");
  const sessions = await ctx.tx.oidcRecord.deleteMany({ where: { accountId: id, kind: "Session" } });
  const held = await ctx.tx.oidcRecord.deleteMany({ where: { AND: [{ accountId: id }, HELD_KINDS_EXCEPT_GRANTS] } });
  await ctx.tx.endUser.update({ where: { id }, data: { signedOutAt: now } });
  await ctx.audit({
    action: "endUser.signedOutEverywhere",
    target: targetOf(user),
    changes: { sessionsEnded: sessions.count, tokensRevoked: held.count },
  });
  return { sessionsEnded: sessions.count, tokensRevoked: held.count };
}

/**
 * "Revoke this client's grants": deletes the person's grants to one client and everything issued
 * under them (codes, access and refresh tokens), so the client's tokens stop working and the next
 * sign-in to it asks for consent again. Within reach: a context-bound admin revokes only grants of
 * their context's clients (another context's client is not found).
 */
export async function revokeGrantsRecord(ctx: ServiceContext, { id, clientId }: { id: string; clientId: string }) {
  const power = await powerFor(ctx, "endUsers.write");
  const client = await ctx.tx.client.findFirst({ where: clientsWithin(power.reach, { clientId }), select: { id: true, clientId: true, displayName: true } });
  // An unrestricted admin may clear the grants of a client deleted since (its rows outlive it).
  if (!client && power.reach.kind !== "all") throw new NotFoundError("This client does not exist, or is not within your scope of responsibility.");
  const grants = await ctx.tx.oidcRecord.findMany({ where: { kind: "Grant", accountId: id, clientId }, select: { id: true } });
  if (grants.length === 0) throw new ConflictError("This person holds no grant to this client: it may have been revoked already.");
  const user = await ctx.tx.endUser.findUnique({ where: { id }, select: USER_SELECT });
  if (!user) throw new NotFoundError("This person is not known to the portal any more.");
  const grantIds = grants.map((g) => g.id);
  // What the grants issued, and anything of the person at this client the engine tied to an older grant.
  const issued = await ctx.tx.oidcRecord.deleteMany({ where: { grantId: { in: grantIds }, kind: { not: "Grant" } } });
  const strays = await ctx.tx.oidcRecord.deleteMany({ where: { accountId: id, clientId, kind: { notIn: ["Grant", "Session"] } } });
  await ctx.tx.oidcRecord.deleteMany({ where: { kind: "Grant", id: { in: grantIds } } });
  const tokensRevoked = issued.count + strays.count;
  await ctx.audit({
    action: "endUser.grantsRevoked",
    target: targetOf(user),
    changes: { client: clientId, clientName: client?.displayName ?? null, grants: grantIds.length, tokensRevoked },
  });
  return { grants: grantIds.length, tokensRevoked };
}
