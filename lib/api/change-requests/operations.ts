import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import type { Actor } from "@/lib/audit/audit";
import { changeRequestPath } from "@/lib/change-requests/links";
import { isProposed } from "@/lib/change-requests/proposed";
import { requestsWithin } from "@/lib/change-requests/queries";
import { reasonSchema, type ChangeKind, type ChangeStatus } from "@/lib/change-requests/schema";
import { orPropose, revealChangeRequestSecretRecord } from "@/lib/change-requests/service";
import type { Db, Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { issuer } from "@/lib/oauth/config";
import { rfc3339 } from "@/lib/validation/dates";
import { ApiError, notFound } from "../errors";
import { apiOperation, json, parseOr400 } from "../http";
import { pageArgs, pageOf, pageQueryOf } from "../pagination";
import { apiStatusQuerySchema, type ApiChangeRequest } from "./schema";

// Four-eyes change requests in the REST API (docs/decisions/030). A mutation of a governed client
// runs through `proposeOr202`: the same orPropose as the portal's client actions, in the mutation's
// own transaction, with the API client as the author; the answer is 202 Accepted with a Location
// this router reads (GET /change-requests/{id}, within the caller's reach). Deciding stays in the
// portal: an API client proposes, people approve (and never the author).

/** The API's path of a request (a Location, relative to the portal's address). */
export const changeRequestApiPath = (id: string) => `/api/v0/change-requests/${id}`;

const requestSelect = {
  id: true,
  kind: true,
  status: true,
  clientInternalId: true,
  clientLabel: true,
  profileContextId: true,
  reason: true,
  diff: true,
  baseVersion: true,
  authorType: true,
  authorLabel: true,
  deciderType: true,
  deciderLabel: true,
  decisionComment: true,
  createdAt: true,
  decidedAt: true,
  sealedSecret: true,
} satisfies Prisma.ChangeRequestSelect;

type RequestRow = Prisma.ChangeRequestGetPayload<{ select: typeof requestSelect }>;

/** Who proposed or decided: a person or an API client, never the portal itself (system). */
const personOf = (type: string, label: string) => ({ type: type as Exclude<Actor["type"], "system">, label });

function toApiChangeRequest(row: RequestRow): ApiChangeRequest {
  return {
    id: row.id,
    kind: row.kind as ChangeKind,
    status: row.status as ChangeStatus,
    client: { id: row.clientInternalId, client_id: row.clientLabel },
    profile_context_id: row.profileContextId,
    reason: row.reason,
    diff: (row.diff ?? {}) as ApiChangeRequest["diff"],
    base_version: row.baseVersion,
    author: personOf(row.authorType, row.authorLabel),
    decider: row.deciderType && row.deciderLabel ? personOf(row.deciderType, row.deciderLabel) : null,
    decision_comment: row.decisionComment,
    // Whether one waits, never the sealed value itself (the Prisma client omits it unless selected).
    secret_waiting: row.sealedSecret !== null,
    date_created: rfc3339(row.createdAt),
    date_decided: row.decidedAt && rfc3339(row.decidedAt),
    url: `${issuer()}${changeRequestApiPath(row.id)}`,
    portal_url: `${issuer()}${changeRequestPath(row.id)}`,
  };
}

const readRequest = (db: Db | Tx, where: Prisma.ChangeRequestWhereInput) => db.changeRequest.findFirst({ where, select: requestSelect });

/** The ?reason= a governed mutation's request carries (optional; the approver reads it beside the diff). */
export function reasonOf(url: URL): string {
  return parseOr400(reasonSchema.default(""), url.searchParams.get("reason") ?? undefined);
}

/**
 * Runs a client mutation; on a governed profile, stores it as a change request by the caller (the
 * portal's orPropose, in this transaction) and answers 202 Accepted with its Location and the request.
 */
export async function proposeOr202<R>(ctx: ServiceContext, url: URL, direct: () => Promise<R>): Promise<R | Response> {
  const result = await orPropose(ctx, reasonOf(url), direct);
  if (!isProposed(result)) return result;
  const row = await readRequest(ctx.tx, { id: result.proposed.requestId });
  if (!row) throw new Error("The change request just stored is gone.");
  return json(202, { ...toApiChangeRequest(row), message: result.proposed.message }, { Location: `${issuer()}${changeRequestApiPath(row.id)}` });
}

/** GET /change-requests: one page of the requests within the caller's reach, oldest first, optionally of one status. */
export const listChangeRequestsOperation = apiOperation({ permission: "clients.read" }, async ({ caller, url }) => {
  const reach = caller.principal.reach;
  const { status } = parseOr400(apiStatusQuerySchema, { status: url.searchParams.get("status") || undefined });
  const query = pageQueryOf(url);
  const { after, orderBy, skip, take } = pageArgs(query);
  const where = status ? { status } : {};
  const [total, rows] = await Promise.all([
    prisma.changeRequest.count({ where: requestsWithin(reach, where) }),
    prisma.changeRequest.findMany({ where: requestsWithin(reach, { ...where, ...after }), orderBy, skip, take, select: requestSelect }),
  ]);
  const page = pageOf(rows, query);
  return {
    change_requests: page.rows.map(toApiChangeRequest),
    total_size: total,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
});

/** GET /change-requests/{id}: one request within the caller's reach (404 otherwise). */
export const getChangeRequestOperation = apiOperation<{ id: string }>({ permission: "clients.read" }, async ({ caller, params }) => {
  const row = await readRequest(prisma, requestsWithin(caller.principal.reach, { id: params.id }));
  if (!row) throw notFound("No change request with this id.");
  return toApiChangeRequest(row);
});

/**
 * POST /change-requests/{id}/secret: the secret an approved request issued, to its author (the API
 * client that proposed it), once: the sealed value is erased in the same transaction. Unopened for
 * SECRET_PICKUP_DAYS it is gone (410), and the author asks for a new secret.
 */
export const revealChangeRequestSecretOperation = apiOperation<{ id: string }>(
  { permission: "clients.write", status: 200 },
  async ({ params: { id }, mutate }) => {
    // The erasure commits even when the secret had expired: only then is the 410 sent.
    const revealed = await mutate((ctx) => revealChangeRequestSecretRecord(ctx, id));
    if (revealed.expired) throw new ApiError(410, "expired", "This secret waited too long and was erased unseen: ask for a new secret.");
    return { client_id: revealed.ownerLabel, secret: revealed.value, hint: revealed.hint };
  },
);
