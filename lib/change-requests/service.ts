import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, ForbiddenError, NotFoundError, fieldErrorsOf } from "@/lib/actions/result";
import type { Actor } from "@/lib/audit/audit";
import { can, refusalMessage, type Reach } from "@/lib/auth/permissions";
import { actorPower, assertGrantWithin, clientPower } from "@/lib/auth/power";
import { clientsWithin } from "@/lib/auth/reach";
import {
  createClientRecord,
  createClientSecretRecord,
  deleteClientRecord,
  rotateClientSecretRecord,
  setClientEnabledRecord,
  updateClientRecord,
} from "@/lib/clients/service";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import { enqueueDecisionMail, enqueueWaitingMails, type WaitingRequest } from "@/lib/notifications/change-request-mail";
import type { ChangeRequest, Prisma } from "@/lib/generated/prisma/client";
import { secretHint } from "@/lib/secrets/secret";
import type { z } from "zod";
import { ApprovalRequired, type Proposal } from "./gate";
import { SELF_APPROVAL_REFUSAL, type Proposed } from "./proposed";
import { PAYLOAD_SCHEMAS, type ChangeKind } from "./schema";

// Four-eyes change requests (docs/decisions/030). A client mutation on a governed profile becomes a
// request (proposeChangeRecord, through the client actions' orPropose); another person who holds
// the power to make the change applies it with approveChangeRequestRecord, in one transaction and
// through the same service function the direct change uses, with every check evaluated for them.

/** How long a secret issued by an approval waits, sealed, for its author to open the request. */
export const SECRET_PICKUP_DAYS = 7;

const PROPOSED_MESSAGE = "This client's profile needs a second person's approval: your change is now a change request, and nothing changed yet.";

const target = (request: { id: string; clientLabel: string }) => ({ type: "changeRequest", id: request.id, label: request.clientLabel });

/**
 * Stores `proposal` as an open request by the caller, audited as changeRequest.proposed, and mails
 * its deciders — or adds it to `together`, whose caller mails them once (enqueueWaitingMails).
 */
export async function proposeChangeRecord(ctx: ServiceContext, proposal: Proposal, reason: string, together?: WaitingRequest[]): Promise<Proposed> {
  const { tx, actor, audit } = ctx;
  const request = await tx.changeRequest.create({
    data: {
      kind: proposal.kind,
      clientInternalId: proposal.clientInternalId,
      clientLabel: proposal.clientLabel,
      profileContextId: proposal.profileContextId,
      payload: proposal.payload as Prisma.InputJsonValue,
      diff: proposal.diff as Prisma.InputJsonValue,
      baseVersion: proposal.baseVersion,
      reason,
      authorType: actor.type,
      authorId: actor.id,
      authorLabel: actor.label,
    },
    select: { id: true, kind: true, clientLabel: true, profileContextId: true, authorType: true, authorId: true },
  });
  await audit({
    action: "changeRequest.proposed",
    target: target(request),
    changes: { kind: proposal.kind, clientId: proposal.clientInternalId, reason, changes: proposal.diff },
  });
  // Proposed with others (a bulk action, `together`): the caller mails them all at once.
  const notice = { ...request, powers: proposal.powers };
  if (together) together.push(notice);
  else await enqueueWaitingMails(ctx, [notice], actor);
  return { proposed: { requestId: request.id, message: PROPOSED_MESSAGE } };
}

/**
 * Runs a client mutation; when its client's profile is governed (ApprovalRequired, thrown before the
 * mutation wrote anything), stores the change as a request with `reason` instead.
 */
export async function orPropose<R>(ctx: ServiceContext, reason: string, direct: () => Promise<R>): Promise<R | Proposed> {
  try {
    return await direct();
  } catch (error) {
    if (error instanceof ApprovalRequired) return proposeChangeRecord(ctx, error.proposal, reason);
    throw error;
  }
}

const sameActor = (request: { authorType: string; authorId: string }, actor: Actor) => request.authorType === actor.type && request.authorId === actor.id;

/** A request within `reach` (a context-bound admin decides only on its context's requests); 404 otherwise. */
async function requestWithin(ctx: ServiceContext, id: string, reach: Reach) {
  const request = await ctx.tx.changeRequest.findFirst({
    where: { id, ...(reach.kind === "context" ? { profileContextId: reach.profileContextId } : {}) },
  });
  if (!request) throw new NotFoundError("This change request does not exist.");
  return request;
}

const notOpen = (status: string) => new ConflictError(`This change request is ${status}: it can no longer be decided.`);

/**
 * The decider's power now, read in this transaction (a demotion since their session began counts):
 * they must still hold clients.write, and their reach is the one read here.
 */
async function deciderReach(ctx: ServiceContext): Promise<Reach> {
  const power = await actorPower(ctx.tx, ctx.actor);
  if (!can(power, "clients.write")) {
    throw new ForbiddenError(power.role ? refusalMessage(power, "clients.write") : "You may not decide on change requests.");
  }
  return power.reach;
}

/**
 * Marks an open request decided by the caller; refused when someone decided first. A decision by
 * someone else is mailed to the author (through the outbox, in this transaction).
 */
async function decide(ctx: ServiceContext, request: ChangeRequest, status: "approved" | "rejected" | "stale" | "withdrawn", comment: string) {
  const { count } = await ctx.tx.changeRequest.updateMany({
    where: { id: request.id, status: "open" },
    data: { status, deciderType: ctx.actor.type, deciderId: ctx.actor.id, deciderLabel: ctx.actor.label, decisionComment: comment, decidedAt: new Date() },
  });
  if (count === 0) throw new ConflictError("Someone decided on this change request just now. Reload to see it.");
  if (status !== "withdrawn") await enqueueDecisionMail(ctx, request, status, ctx.actor);
}

export type Approval = { status: "approved"; clientInternalId: string | null } | { status: "stale"; message: string };

/**
 * Approves an open request and applies its change in this transaction, through the direct change's
 * own service function with the approver as the actor: their permission, reach and power, read in
 * this transaction, are checked as for a change of their own. The author may not approve their own.
 * When the client changed (or went) since the request, nothing is applied and the request is marked
 * stale — committed, and said in the answer.
 */
export async function approveChangeRequestRecord(ctx: ServiceContext, id: string, comment: string): Promise<Approval> {
  const reach = await deciderReach(ctx);
  const request = await requestWithin(ctx, id, reach);
  if (sameActor(request, ctx.actor)) throw new ForbiddenError(SELF_APPROVAL_REFUSAL);
  if (request.status !== "open") throw notOpen(request.status);

  if (request.clientInternalId) {
    const client = await ctx.tx.client.findFirst({ where: clientsWithin(reach, { id: request.clientInternalId }), select: { version: true } });
    if (!client || client.version !== request.baseVersion) {
      const message = client
        ? `The client changed since this request was made (version ${request.baseVersion}, now ${client.version}): nothing was applied, and the request is now stale. Propose the change again on the current client.`
        : "The client was deleted since this request was made: nothing was applied, and the request is now stale.";
      await decide(ctx, request, "stale", message);
      await ctx.audit({ action: "changeRequest.stale", target: target(request), changes: { kind: request.kind, proposedBy: request.authorLabel, message } });
      return { status: "stale", message };
    }
  }

  // Claimed first: a second approver waits on this row and then finds it decided.
  await decide(ctx, request, "approved", comment);
  const applying: ServiceContext = { ...ctx, reach, approval: { requestId: id } };
  const author: Actor = { type: request.authorType as Actor["type"], id: request.authorId, label: request.authorLabel };
  const applied = await apply(applying, request.kind as ChangeKind, request.payload, author);
  if (applied.secret) {
    await ctx.tx.changeRequest.update({
      where: { id },
      data: {
        sealedSecret: encrypt(applied.secret, sealContext(id, request.authorId)),
        secretPickupUntil: new Date(Date.now() + SECRET_PICKUP_DAYS * 86_400_000),
      },
    });
  }
  if (applied.clientInternalId && !request.clientInternalId) {
    await ctx.tx.changeRequest.update({ where: { id }, data: { clientInternalId: applied.clientInternalId } });
  }
  await ctx.audit({
    action: "changeRequest.approved",
    target: target(request),
    changes: { kind: request.kind, clientId: applied.clientInternalId, proposedBy: request.authorLabel, approvedBy: ctx.actor.label, comment },
  });
  return { status: "approved", clientInternalId: applied.clientInternalId };
}

/** The AAD of a sealed secret: it opens only on this request's row, for this author. */
const sealContext = (requestId: string, authorId: string) => `change-request:${requestId}:secret:${authorId}`;

/** The stored payload, parsed again by the direct action's schema (the rules may have changed since). */
function parsed<K extends ChangeKind>(kind: K, payload: unknown): z.output<(typeof PAYLOAD_SCHEMAS)[K]> {
  const result = PAYLOAD_SCHEMAS[kind].safeParse(payload);
  if (!result.success) {
    throw new ActionError(
      "The proposed change no longer passes the client's rules: nothing was applied. Reject it and propose it again.",
      fieldErrorsOf(result.error),
    );
  }
  return result.data as z.output<(typeof PAYLOAD_SCHEMAS)[K]>;
}

/** Applies a request's change with the direct change's service; a secret it issued is returned to be sealed, never shown. */
async function apply(ctx: ServiceContext, kind: ChangeKind, payload: unknown, author: Actor): Promise<{ clientInternalId: string | null; secret?: string }> {
  switch (kind) {
    case "create": {
      const created = await createClientRecord(ctx, parsed("create", payload));
      if (created.secret) await assertAuthorMayHold(ctx, created.id, author);
      return { clientInternalId: created.id, ...(created.secret ? { secret: created.secret.value } : {}) };
    }
    case "update": {
      const values = parsed("update", payload);
      await updateClientRecord(ctx, values);
      return { clientInternalId: values.id };
    }
    case "disable":
    case "enable": {
      const { id, enabled } = parsed(kind, payload);
      await setClientEnabledRecord(ctx, id, enabled);
      return { clientInternalId: id };
    }
    case "delete": {
      const { id } = parsed("delete", payload);
      await deleteClientRecord(ctx, id);
      return { clientInternalId: id };
    }
    case "newSecret": {
      const { id, ...input } = parsed("newSecret", payload);
      // The secret goes to the author: they must be able to hold it (nobody receives more than they hold).
      await assertAuthorMayHold(ctx, id, author);
      return { clientInternalId: id, secret: (await createClientSecretRecord(ctx, id, input)).value };
    }
    case "rotate": {
      const { id, ...input } = parsed("rotate", payload);
      await assertAuthorMayHold(ctx, id, author);
      return { clientInternalId: id, secret: (await rotateClientSecretRecord(ctx, id, input)).value };
    }
  }
}

/** The author of a secret request must still hold the power of the client whose secret they receive. */
async function assertAuthorMayHold(ctx: ServiceContext, clientInternalId: string, author: Actor) {
  const power = await actorPower(ctx.tx, author);
  const client = await ctx.tx.client.findFirst({
    where: clientsWithin(power.reach, { id: clientInternalId }),
    select: { adminApiRole: true, profileId: true, profileContextId: true },
  });
  if (!can(power, "clients.write") || !client)
    throw new ForbiddenError("The author of this request may no longer change this client, so its secret cannot go to them.");
  await assertGrantWithin({ tx: ctx.tx, actor: author }, clientPower(client), "This client holds");
}

/** Rejects an open request with a comment; anyone who may decide on it, except its author (who withdraws it). */
export async function rejectChangeRequestRecord(ctx: ServiceContext, id: string, comment: string) {
  const reach = await deciderReach(ctx);
  const request = await requestWithin(ctx, id, reach);
  if (sameActor(request, ctx.actor)) throw new ForbiddenError("You proposed this change: withdraw it instead.");
  if (request.status !== "open") throw notOpen(request.status);
  await decide(ctx, request, "rejected", comment);
  await ctx.audit({ action: "changeRequest.rejected", target: target(request), changes: { kind: request.kind, proposedBy: request.authorLabel, comment } });
}

/** Withdraws an open request: its author only. */
export async function withdrawChangeRequestRecord(ctx: ServiceContext, id: string) {
  const request = await requestWithin(ctx, id, ctx.reach);
  if (!sameActor(request, ctx.actor)) throw new ForbiddenError("Only the author of a change request may withdraw it.");
  if (request.status !== "open") throw notOpen(request.status);
  await decide(ctx, request, "withdrawn", "");
  await ctx.audit({ action: "changeRequest.withdrawn", target: target(request), changes: { kind: request.kind } });
}

/**
 * Hands the author the secret their approved request issued, once: the sealed value is erased in the
 * same transaction (a second tab finds nothing), and only the author, still holding the power over
 * the client, may open it. Never anyone else, the approver included.
 */
export async function revealChangeRequestSecretRecord(ctx: ServiceContext, id: string, now = new Date()) {
  const { tx } = ctx;
  const request = await tx.changeRequest.findFirst({
    where: { id },
    select: {
      id: true,
      clientLabel: true,
      clientInternalId: true,
      authorType: true,
      authorId: true,
      status: true,
      sealedSecret: true,
      secretPickupUntil: true,
    },
  });
  if (!request || !sameActor(request, ctx.actor)) throw new NotFoundError("This change request has no secret for you.");
  if (!request.sealedSecret || !request.clientInternalId)
    throw new NotFoundError("This secret was already shown once, or there is none: it is never shown again.");
  const { count } = await tx.changeRequest.updateMany({ where: { id, sealedSecret: { not: null } }, data: { sealedSecret: null, secretPickupUntil: null } });
  if (count === 0) throw new NotFoundError("This secret was already shown once: it is never shown again.");
  if (request.secretPickupUntil && request.secretPickupUntil <= now) {
    await ctx.audit({ action: "changeRequest.secretExpired", target: target(request), changes: {} });
    return { expired: true as const };
  }
  await assertAuthorMayHold(ctx, request.clientInternalId, ctx.actor);
  const value = decryptString(request.sealedSecret, sealContext(id, request.authorId));
  const hint = secretHint(value);
  await ctx.audit({ action: "changeRequest.secretRevealed", target: target(request), changes: { hint } });
  return { expired: false as const, value, hint, ownerLabel: request.clientLabel };
}
