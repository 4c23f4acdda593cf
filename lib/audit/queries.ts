import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/prisma";
import { containsText } from "@/lib/db/text";
import { wellFormed } from "@/lib/validation/unstorable-text";
import { AUDIT_PAGE_SIZE, type AuditListQuery } from "./list-query";
import { pageWindow } from "@/lib/validation/list-params";

/** The audit log's filters as one where clause, evaluated in the database. */
export function auditListWhere(query: AuditListQuery): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (query.type) and.push({ targetType: query.type });
  if (query.target) and.push({ OR: [{ targetLabel: containsText(query.target) }, { targetId: query.target }] });
  if (query.actor) and.push({ OR: [{ actorLabel: containsText(query.actor) }, { actorId: query.actor }] });
  if (query.action) and.push({ action: query.action });
  if (query.from) and.push({ at: { gte: new Date(query.from) } });
  if (query.to) and.push({ at: { lt: new Date(query.to) } });
  return { AND: and };
}

/**
 * One page of audit events, newest first, filtered and counted in the database. Client targets
 * carry `targetExists` so the page links only to clients that still exist.
 */
export async function listAuditEvents(query: AuditListQuery) {
  const where = auditListWhere(query);
  const total = await prisma.auditEvent.count({ where });
  const { page, pageCount, skip, take } = pageWindow(total, query.page, AUDIT_PAGE_SIZE);
  const events = await prisma.auditEvent.findMany({
    where,
    // Events written in the same millisecond keep a stable order: the id breaks the tie.
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip,
    take,
  });
  const clientIds = [...new Set(events.filter((e) => e.targetType === "client").map((e) => e.targetId))];
  const live = clientIds.length
    ? new Set((await prisma.client.findMany({ where: { id: { in: clientIds } }, select: { id: true } })).map((c) => c.id))
    : new Set<string>();
  // What the log holds is shown as valid Unicode (lib/validation/unstorable-text.ts): an event written
  // before lone surrogates were refused, or from an imported name, would break the page's hydration.
  const rows = events.map((e) => ({
    ...e,
    actorLabel: wellFormed(e.actorLabel),
    targetLabel: wellFormed(e.targetLabel),
    changes: wellFormed(e.changes),
    targetExists: e.targetType === "client" ? live.has(e.targetId) : false,
  }));
  return { rows, total, page, pageCount, size: AUDIT_PAGE_SIZE };
}

export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>["rows"][number];

/** The distinct target types, actions and actor labels present in the log, for the filter form. */
export async function listAuditFilterOptions() {
  const [types, actions, actors] = await Promise.all([
    prisma.auditEvent.groupBy({ by: ["targetType"], orderBy: { targetType: "asc" } }),
    prisma.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    prisma.auditEvent.groupBy({ by: ["actorLabel"], orderBy: { actorLabel: "asc" } }),
  ]);
  return {
    targetTypes: types.map((t) => t.targetType),
    actions: actions.map((a) => a.action),
    actors: actors.map((a) => wellFormed(a.actorLabel)),
  };
}

export type AuditFilterOptions = Awaited<ReturnType<typeof listAuditFilterOptions>>;
