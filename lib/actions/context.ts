import "server-only";
import { recordAudit, type Actor, type AuditInput } from "@/lib/audit/audit";
import type { Reach } from "@/lib/auth/permissions";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";

/**
 * What every mutation (a service function in lib/<area>/service.ts) receives from its wrapper —
 * adminAction for the portal, apiOperation for the REST API. A service never builds its own actor,
 * audit writer or transaction.
 */
export type ServiceContext = {
  /** The transaction the body must use: its writes and its audit events commit together. */
  tx: Tx;
  /** Who does it (an admin, or an API client), as the audit log names them. */
  actor: Actor;
  /** Writes one audit event in `tx`. */
  audit: (event: AuditInput) => Promise<void>;
  /** Work to run only once the transaction has committed (cache clears, network calls). */
  afterCommit: (work: () => void | Promise<void>) => void;
  /** The caller's scope of responsibility; services AND it into their queries (lib/auth/reach.ts). */
  reach: Reach;
  /**
   * Set only while a change request is applied by its approver (lib/change-requests/service.ts):
   * the four-eyes fence (lib/change-requests/gate.ts) lets that change through.
   */
  approval?: { requestId: string };
};

export type RunOptions = {
  /**
   * false: no transaction (the body writes nothing, or must not hold the database's lock, e.g. a
   * network call). `tx` is then the plain client and audit events are written on their own.
   */
  transaction?: boolean;
  /** The transaction's time limit in ms (Prisma's default is 5 s; a large import needs more). */
  timeout?: number;
};

/** Runs `body` with a ServiceContext: in one transaction (default), then the afterCommit work. */
export async function runService<R>(actor: Actor, reach: Reach, body: (ctx: ServiceContext) => Promise<R>, options: RunOptions = {}): Promise<R> {
  const after: (() => void | Promise<void>)[] = [];
  const afterCommit = (work: () => void | Promise<void>) => void after.push(work);
  const make = (tx: Tx): ServiceContext => ({
    tx,
    actor,
    reach,
    audit: (event) => recordAudit(tx, actor, event, afterCommit),
    afterCommit,
  });
  // Without a transaction the plain client stands in for `tx` (the same query API; TypeScript's
  // view of the two differs only in the omit configuration).
  const result =
    options.transaction === false
      ? await body(make(prisma as unknown as Tx))
      : await prisma.$transaction((tx) => body(make(tx)), options.timeout ? { timeout: options.timeout } : undefined);
  for (const work of after) await work();
  return result;
}
