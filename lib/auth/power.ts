import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ForbiddenError } from "@/lib/actions/result";
import { isClientActive } from "@/lib/clients/status";
import type { Tx } from "@/lib/db/client";
import { can, PERMISSIONS, roleOf, type Principal, type Reach } from "./permissions";
import { ALL, reachOf } from "./reach";

// Nobody grants more than they hold (ADR 008). The power of a principal — an admin, or an API
// client — is what the permission table lets it do, within its reach. One principal's power is
// within another's when every permission of the first is also the second's, over no more clients:
// a partial order derived from the one permission table, so it follows every change to that table.
// Owner > Editor > Auditor, and Editor > context-bound Editor; a context-bound Editor and an Auditor
// are not comparable (one writes a context's clients, the other reads everything), so neither may
// grant the other's power.
//
// Every path that creates or widens a credential or a role — a client's admin API role, profile
// context, secrets and enabled state; an admin's role, invitation and links; an identity provider
// (which signs admins in) — calls assertGrantWithin inside its transaction, against the actor's
// power read in that same transaction.

export const NO_POWER: Principal = { role: null, reach: ALL };

/**
 * An identity provider signs admins in by the email (or the linked identity) it asserts: whoever
 * configures one can sign in as any admin, so configuring one takes an Owner's power.
 */
export const PROVIDER_POWER: Principal = { role: "Owner", reach: ALL };

function sameReach(a: Reach, b: Reach): boolean {
  if (b.kind === "all") return true;
  return a.kind === "context" && a.profileContextId === b.profileContextId && a.profileId === b.profileId;
}

/** Whether `power` is within `holder`'s: each of its permissions is the holder's too, over no more clients. */
export function powerWithin(power: Principal, holder: Principal): boolean {
  const permissions = PERMISSIONS.filter((p) => can(power, p));
  if (permissions.length === 0) return true;
  return permissions.every((p) => can(holder, p)) && sameReach(power.reach, holder.reach);
}

/** The power an API client holds in the admin API: its own admin API role, within its profile context when it has one. */
export function clientPower(client: { adminApiRole: string | null; profileId: string; profileContextId: number | null }): Principal {
  return client.adminApiRole ? { role: roleOf(client.adminApiRole), reach: reachOf(client) } : NO_POWER;
}

/** The power an admin account holds once signed in: its role within its reach. */
export function adminPower(admin: { role: string; profileId: string | null; profileContextId: number | null }): Principal {
  return { role: roleOf(admin.role), reach: reachOf(admin) };
}

/** Words for a power, in refusals: "Owner access", "Editor access within profile context -3". */
export function describePower(power: Principal): string {
  if (!power.role || PERMISSIONS.every((p) => !can(power, p))) return "no access";
  return power.reach.kind === "context" ? `${power.role} access within profile context ${power.reach.profileContextId}` : `${power.role} access`;
}

/** The actor's power now, read in `tx`: a disabled admin, or a disabled, expired or deleted client, holds none. */
export async function actorPower(tx: Tx, actor: ServiceContext["actor"]): Promise<Principal> {
  if (actor.type === "admin") {
    const admin = await tx.adminUser.findUnique({ where: { id: actor.id }, select: { role: true, profileId: true, profileContextId: true, disabledAt: true } });
    return admin && !admin.disabledAt ? adminPower(admin) : NO_POWER;
  }
  const client = await tx.client.findUnique({
    where: { id: actor.id },
    select: { adminApiRole: true, profileId: true, profileContextId: true, enabled: true, expiresAt: true },
  });
  return client && isClientActive(client) ? clientPower(client) : NO_POWER;
}

/**
 * Refuses (403) unless `granted` is within the actor's own power. `what` starts the message:
 * "This client would hold", "This client holds" (a client more powerful than you is not yours to change).
 */
export async function assertGrantWithin(ctx: Pick<ServiceContext, "tx" | "actor">, granted: Principal, what: string): Promise<void> {
  if (powerWithin(granted, NO_POWER)) return;
  const holder = await actorPower(ctx.tx, ctx.actor);
  if (powerWithin(granted, holder)) return;
  throw new ForbiddenError(
    `${what} ${describePower(granted)} to the portal, more than you hold (${describePower(holder)}). Only someone who holds that power may grant it.`,
  );
}
