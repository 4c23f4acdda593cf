import "server-only";
import type { Reach } from "@/lib/auth/permissions";
import { clientsWithin } from "@/lib/auth/reach";
import { changeEpochCache } from "@/lib/db/change-epoch";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { pageWindow } from "@/lib/validation/list-params";
import type { ChangeStatus } from "./schema";

// Reading four-eyes change requests within the reader's reach (a context-bound admin sees its
// context's requests only). The sealed secret is omitted by the Prisma client and never read here.

/** The requests within `reach`, as a database filter. */
export function requestsWithin(reach: Reach, where: Prisma.ChangeRequestWhereInput = {}): Prisma.ChangeRequestWhereInput {
  return reach.kind === "all" ? where : { AND: [where, { profileContextId: reach.profileContextId }] };
}

/** The same rule for one request in memory: whether `reach` sees it. */
export function isRequestWithin(reach: Reach, request: { profileContextId: number | null }): boolean {
  return reach.kind === "all" || reach.profileContextId === request.profileContextId;
}

const listSelect = {
  id: true,
  kind: true,
  clientInternalId: true,
  clientLabel: true,
  status: true,
  reason: true,
  authorType: true,
  authorLabel: true,
  deciderLabel: true,
  createdAt: true,
  decidedAt: true,
} as const;

export const REQUEST_PAGE_SIZE = 50;

/** One page of requests, newest first, optionally of one status; `page` past the end reads as the last. */
export async function listChangeRequests(reach: Reach, { status, page = 1 }: { status?: ChangeStatus; page?: number } = {}) {
  const where = requestsWithin(reach, status ? { status } : {});
  const total = await prisma.changeRequest.count({ where });
  const window = pageWindow(total, page, REQUEST_PAGE_SIZE);
  const rows = await prisma.changeRequest.findMany({
    where,
    // Requests made in the same millisecond keep a stable order: the id breaks the tie.
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: window.skip,
    take: window.take,
    select: listSelect,
  });
  return { rows, total, page: window.page, pageCount: window.pageCount, size: REQUEST_PAGE_SIZE };
}

const openCountCache = changeEpochCache<number>("openChangeRequestCount");

/**
 * How many requests wait for a decision within `reach`; with `decider`, those that person may decide
 * (not their own: an author never approves). The navigation's count, one query.
 */
export function openChangeRequestCount(reach: Reach, decider?: { type: string; id: string }) {
  const open: Prisma.ChangeRequestWhereInput = { status: "open", ...(decider ? { NOT: { authorType: decider.type, authorId: decider.id } } : {}) };
  // Every signed-in page's navigation shows it: answered from memory until the database changes
  // (see changeEpochCache for the rule), per reach and decider.
  return openCountCache(JSON.stringify([reach, decider ?? null]), () => prisma.changeRequest.count({ where: requestsWithin(reach, open) }));
}

/** One request with its diff and payload, whether a secret waits for its author (never the secret), and whether its client is there. */
export async function getChangeRequest(id: string, reach: Reach) {
  const request = await prisma.changeRequest.findFirst({ where: requestsWithin(reach, { id }), omit: { sealedSecret: false } });
  if (!request) return null;
  const { sealedSecret, ...rest } = request;
  const clientExists = rest.clientInternalId !== null && (await prisma.client.count({ where: clientsWithin(reach, { id: rest.clientInternalId }) })) > 0;
  return { ...rest, secretWaiting: sealedSecret !== null, clientExists };
}
