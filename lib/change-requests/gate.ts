import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import type { Principal } from "@/lib/auth/permissions";
import { ConflictError } from "@/lib/actions/result";
import type { Change } from "@/lib/clients/model";
import type { Tx } from "@/lib/db/client";
import type { ChangeKind } from "./schema";

// The four-eyes fence (docs/decisions/030). Every client mutation of lib/clients/service.ts calls
// gateChange once its checks have passed and before its first write: on a governed profile
// (Profile.requireApproval) it throws ApprovalRequired with the change as a proposal, so nothing is
// written; the client actions catch it and store the proposal as a change request
// (lib/change-requests/service.ts). Every other caller (the REST API, the importer, the trial) gets
// the refusal. Only an approval (ctx.approval, set by approveChangeRequestRecord) passes through.

/** A change as a request stores it: the direct action's input, the field diff and the base version. */
export type Proposal = {
  kind: ChangeKind;
  clientInternalId: string | null;
  clientLabel: string;
  profileContextId: number | null;
  /** The direct action's input (lib/change-requests/schema.ts PAYLOAD_SCHEMAS[kind] parses it). */
  payload: Record<string, unknown>;
  diff: Partial<Record<string, Change>>;
  baseVersion: number | null;
  /** The client's admin API power before and after: whoever decides must hold each (not stored). */
  powers: Principal[];
};

/** A governed change met outside an approval: nothing was written; the proposal is what to store. */
export class ApprovalRequired extends ConflictError {
  constructor(
    readonly proposal: Proposal,
    profile: string,
  ) {
    super(`Changes to clients of profile ${profile} need a second person's approval: propose the change in the portal, where another admin approves it.`);
    this.name = "ApprovalRequired";
  }
}

/** The identifier of the first governed profile among `profileIds`, or null when none is. */
export async function governingProfile(tx: Tx, profileIds: readonly string[]): Promise<string | null> {
  const governed = await tx.profile.findFirst({ where: { id: { in: [...new Set(profileIds)] }, requireApproval: true }, select: { identifier: true } });
  return governed?.identifier ?? null;
}

/**
 * Lets the change through when no profile in `profileIds` is governed, or when it is the approval
 * of a request; otherwise throws ApprovalRequired (`proposal` null: this path cannot propose, so a
 * plain refusal).
 */
export async function gateChange(ctx: Pick<ServiceContext, "tx" | "approval">, profileIds: readonly string[], proposal: (() => Promise<Proposal>) | null) {
  if (ctx.approval) return;
  const profile = await governingProfile(ctx.tx, profileIds);
  if (!profile) return;
  if (!proposal) throw new ConflictError(`Changes to clients of profile ${profile} need a second person's approval: edit the client and propose the change.`);
  throw new ApprovalRequired(await proposal(), profile);
}
