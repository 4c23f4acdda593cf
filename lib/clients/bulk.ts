import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, ForbiddenError } from "@/lib/actions/result";
import { recordAudits } from "@/lib/audit/audit";
import { clientsWithin } from "@/lib/auth/reach";
import { ApprovalRequired } from "@/lib/change-requests/gate";
import { proposeChangeRecord } from "@/lib/change-requests/service";
import { loadPortalSnapshot } from "@/lib/config/export";
import { serializePortalJson } from "@/lib/config/portal-json";
import { enqueueWaitingMails, type WaitingRequest } from "@/lib/notifications/change-request-mail";
import { confirmedCount, type BulkClientChange, type BulkTarget } from "./bulk-schema";
import { BULK_EXPORT_MAX_CLIENTS, BULK_MAX_CLIENTS, BULK_ROTATE_MAX_CLIENTS, type BulkOutcome, type BulkSecret } from "./bulk-rules";
import { clientFormValues } from "./form-values";
import { clientListQuerySchema } from "./list-query";
import { clientsMatching } from "./queries";
import { updateClientSchema } from "./schema";
import { deleteClientRecord, rotateClientSecretRecord, setClientEnabledRecord, updateClientRecord } from "./service";

// Bulk actions on the clients list (docs/decisions/031). One transaction (the wrapper's); each client
// goes through the same service function as its single action, so each gets the same checks (reach,
// power, four-eyes) and writes the same audit event. A governed client's change becomes its own
// change request; a client a check refuses is counted with the reason, and the others go on.

type Target = { id: string; clientId: string; enabled: boolean; profileId: string; profileContextId: number | null; adminApiRole: string | null };
const TARGET_SELECT = { id: true, clientId: true, enabled: true, profileId: true, profileContextId: true, adminApiRole: true } as const;

const NOT_FOUND = "It no longer exists, or it is outside your reach.";

/**
 * The clients to act on, read in the transaction and within the caller's reach: the ticked ids that
 * still exist (the others are reported missing), or every client the list's filter matches now —
 * refused when that is not the number the admin confirmed.
 */
export async function bulkTargets(ctx: Pick<ServiceContext, "tx" | "reach">, target: BulkTarget, max: number) {
  const { tx, reach } = ctx;
  if (target.kind === "selection") {
    const ids = [...new Set(target.ids)];
    const found = await tx.client.findMany({ where: clientsWithin(reach, { id: { in: ids } }), select: TARGET_SELECT, orderBy: { clientId: "asc" } });
    return { clients: found, missing: ids.length - found.length };
  }
  const query = clientListQuerySchema.parse(Object.fromEntries(new URLSearchParams(target.search)));
  const where = await clientsMatching(query, reach, new Date(), tx);
  const clients = await tx.client.findMany({ where, select: TARGET_SELECT, orderBy: { clientId: "asc" }, take: Math.max(max, target.count) + 1 });
  if (clients.length > max) throw new ActionError(`This filter matches more than ${max} clients: narrow it, then try again.`);
  if (clients.length !== target.count) {
    throw new ConflictError(
      `This filter now matches ${clients.length} clients, not the ${target.count} you confirmed: nothing changed. Review the list and try again.`,
    );
  }
  return { clients, missing: 0 };
}

/** Counts outcomes; the refusals grouped by reason, each with a few client_ids. */
function tally() {
  const outcome: BulkOutcome = { applied: 0, proposed: 0, unchanged: 0, refused: [], secrets: [] };
  const refuse = (reason: string, clientId: string | null, count = 1) => {
    let entry = outcome.refused.find((r) => r.reason === reason);
    if (!entry) outcome.refused.push((entry = { reason, count: 0, clientIds: [] }));
    entry.count += count;
    if (clientId && entry.clientIds.length < 5) entry.clientIds.push(clientId);
  };
  return { outcome, refuse };
}

/** The change of one client, as its single action makes it; null when it is already as asked. */
type Step = (client: Target) => Promise<"unchanged" | BulkSecret | void>;

function stepFor(ctx: ServiceContext, action: BulkClientChange["action"]): Step {
  switch (action.kind) {
    case "disable":
    case "enable": {
      const enabled = action.kind === "enable";
      return async (client) => {
        if (client.enabled === enabled) return "unchanged";
        await setClientEnabledRecord(ctx, client.id, enabled);
      };
    }
    case "delete":
      return (client) => deleteClientRecord(ctx, client.id);
    case "assignContext": {
      const profileContextId = action.profileContextId === "" ? null : action.profileContextId;
      return async (client) => {
        if (client.profileContextId === profileContextId) return "unchanged";
        // The edit the client form would save with only the context changed: the form's rules and
        // the edit service (reach, power, references, four-eyes, the audit diff) decide.
        const row = await ctx.tx.client.findFirstOrThrow({ where: { id: client.id }, include: FORM_INCLUDE });
        const { clientId: _immutable, ...values } = clientFormValues({ ...row, secrets: [] });
        const parsed = updateClientSchema.safeParse({ ...values, profileContextId: profileContextId === null ? "" : String(profileContextId) });
        if (!parsed.success) throw new ActionError("Its settings no longer pass the client form's rules: open it and save it once.");
        await updateClientRecord(ctx, parsed.data);
      };
    }
    case "rotate":
      return async (client) => {
        // The newest active secret that is not already retiring: the one its callers use.
        const now = new Date();
        const secret = await ctx.tx.secret.findFirst({
          where: { clientInternalId: client.id, revokedAt: null, rotatedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { id: true },
        });
        if (!secret) throw new ConflictError("It has no active secret to rotate (a public client, or its secrets are already retiring).");
        const rotated = await rotateClientSecretRecord(ctx, client.id, { secretId: secret.id, graceDays: action.graceDays, description: "" });
        return { clientId: client.clientId, value: rotated.value, hint: rotated.hint, retiringUntil: rotated.retiring.expiresAt.toISOString() };
      };
  }
}

const FORM_INCLUDE = {
  profile: { select: { id: true, identifier: true, displayName: true, secretMaxDays: true } },
  profileContext: { select: { id: true, category: true, d0: true } },
  scopes: { select: { scopeId: true, scope: { select: { name: true } } } },
} as const;

/**
 * Applies one change to many clients in the caller's transaction, each through its single
 * service. A governed client's change is stored as its own change request (with `reason`); a
 * refusal (reach, power, a missing secret…) is counted with its reason and the others go on — the
 * services refuse before they write, so a refused client leaves nothing behind.
 */
export async function bulkChangeClientsRecord(ctx: ServiceContext, { target, action, reason }: BulkClientChange): Promise<BulkOutcome> {
  if (action.kind === "assignContext" && action.profileContextId !== "") {
    if (ctx.reach.kind === "context" && action.profileContextId !== ctx.reach.profileContextId) {
      throw new ForbiddenError(`You are bound to profile context ${ctx.reach.profileContextId}: your clients stay in that context.`);
    }
    if (!(await ctx.tx.profileContext.findUnique({ where: { id: action.profileContextId }, select: { id: true } }))) {
      throw new ActionError("Some fields need attention.", { "action.profileContextId": ["This profile context no longer exists. Choose another."] });
    }
  }
  const max = action.kind === "rotate" ? BULK_ROTATE_MAX_CLIENTS : BULK_MAX_CLIENTS;
  const { clients, missing } = await bulkTargets(ctx, target, max);
  const { outcome, refuse } = tally();
  if (missing) refuse(NOT_FOUND, null, missing);
  const step = stepFor(ctx, action);
  let oneByOne = clients;
  if (action.kind === "disable" || action.kind === "enable") {
    const enabled = action.kind === "enable";
    const { plain, others } = await plainSwitches(ctx, clients, enabled);
    outcome.applied += await switchInSets(ctx, plain, enabled);
    oneByOne = others;
  }
  // The governed clients' requests, mailed once at the end: one mail per decider, not per client.
  const proposed: WaitingRequest[] = [];
  for (const client of oneByOne) {
    try {
      const done = await step(client);
      if (done === "unchanged") outcome.unchanged += 1;
      else {
        outcome.applied += 1;
        if (done) outcome.secrets.push(done);
      }
    } catch (error) {
      if (error instanceof ApprovalRequired) {
        await proposeChangeRecord(ctx, error.proposal, reason, proposed);
        outcome.proposed += 1;
      } else if (error instanceof ActionError) {
        refuse(error.message, client.clientId);
      } else {
        throw error;
      }
    }
  }
  await enqueueWaitingMails(ctx, proposed, ctx.actor);
  return outcome;
}

/**
 * The clients setClientEnabledRecord would switch without a question: not already so, holding no
 * admin API power (its power check passes without a read) and on a profile that needs no approval
 * (the fence passes). Every other client goes through the service one by one.
 */
async function plainSwitches(ctx: ServiceContext, clients: Target[], enabled: boolean) {
  const governed = new Set(
    (await ctx.tx.profile.findMany({ where: { id: { in: [...new Set(clients.map((c) => c.profileId))] }, requireApproval: true }, select: { id: true } })).map(
      (p) => p.id,
    ),
  );
  const plain = clients.filter((c) => c.enabled !== enabled && c.adminApiRole === null && !governed.has(c.profileId));
  const chosen = new Set(plain.map((c) => c.id));
  return { plain, others: clients.filter((c) => !chosen.has(c.id)) };
}

/** Statements stay below every database's bound on parameters. */
const SET_SIZE = 500;

/**
 * Disables or enables `clients` in sets: the service's own write (within reach, the version moved)
 * and the service's own event per client (client.disabled / client.enabled with the switch's diff),
 * written together with recordAudits. Measured against the service one by one: 10,000 clients take
 * seconds instead of a minute and a half (docs/decisions/031).
 */
async function switchInSets(ctx: ServiceContext, clients: Target[], enabled: boolean): Promise<number> {
  for (let i = 0; i < clients.length; i += SET_SIZE) {
    const set = clients.slice(i, i + SET_SIZE);
    // The profile is read again in the write: one made governed since plainSwitches read it fails the count.
    const where = clientsWithin(ctx.reach, { id: { in: set.map((c) => c.id) }, enabled: !enabled, adminApiRole: null, profile: { requireApproval: false } });
    const { count } = await ctx.tx.client.updateMany({ where, data: { enabled, version: { increment: 1 } } });
    if (count !== set.length) throw new ConflictError("Some of these clients changed while this action ran: nothing changed. Try again.");
    await recordAudits(
      ctx.tx,
      set.map((client) => ({
        actor: ctx.actor,
        event: {
          action: enabled ? "client.enabled" : "client.disabled",
          target: { type: "client", id: client.id, label: client.clientId },
          changes: { enabled: { from: !enabled, to: enabled } },
        },
      })),
      ctx.afterCommit,
    );
  }
  return clients.length;
}

/**
 * The chosen clients as a portal JSON document (the configuration export's codec), with the
 * profiles, profile contexts and scopes they name; each client's export audited (client.exported).
 */
export async function exportClientsRecord(ctx: ServiceContext, target: BulkTarget) {
  const { clients, missing } = await bulkTargets(ctx, target, BULK_EXPORT_MAX_CLIENTS);
  // Ticked clients left out of the file are reported as a change reports them.
  const { outcome, refuse } = tally();
  if (missing) refuse(NOT_FOUND, null, missing);
  const snapshot = await loadPortalSnapshot(ctx.tx, { includeProviderSecrets: false, clientIds: clients.map((c) => c.id) });
  for (const client of clients) {
    await ctx.audit({ action: "client.exported", target: { type: "client", id: client.id, label: client.clientId }, changes: { format: "portal-json" } });
  }
  const document = serializePortalJson(snapshot);
  return {
    body: `${JSON.stringify(document, null, 2)}\n`,
    filename: `clients-${clients.length}.json`,
    count: clients.length,
    confirmed: confirmedCount(target),
    refused: outcome.refused,
  };
}
