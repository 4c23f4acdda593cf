// Bulk actions on the clients list (docs/decisions/031): the bounds, the words and the outcome,
// without zod, so the list's bar can import them on its first load (./bulk-schema.ts validates).

/** At most this many clients change in one bulk action: one transaction, one count to confirm. */
export const BULK_MAX_CLIENTS = 10_000;
/** At most this many new secrets are handed over at once (a rotation), each shown once. */
export const BULK_ROTATE_MAX_CLIENTS = 100;
/** At most this many clients in one export (the document comes back in the action's answer). */
export const BULK_EXPORT_MAX_CLIENTS = 1_000;
/** A selection is made on one page of the list (its largest page holds 100). */
export const BULK_SELECTION_MAX = 100;

export const BULK_ACTION_KINDS = ["disable", "enable", "assignContext", "rotate", "delete"] as const;
export type BulkActionKind = (typeof BULK_ACTION_KINDS)[number];

/** The words a deletion is confirmed with: the count, typed. */
export const deletePhrase = (count: number) => `delete ${count}`;

/** Why some clients were not changed: one line per reason, with how many and a few of their client_ids. */
export type BulkRefusal = { reason: string; count: number; clientIds: string[] };

/** A new secret from a bulk rotation: shown once, never stored. */
export type BulkSecret = { clientId: string; value: string; hint: string; retiringUntil: string };

/** "N applied, M waiting for approval, K refused (reason)". */
export type BulkOutcome = {
  applied: number;
  proposed: number;
  /** Already as asked (disabled already, in that context already). */
  unchanged: number;
  refused: BulkRefusal[];
  secrets: BulkSecret[];
};

/** The outcome in one sentence, as the result panel says it. */
export function bulkSummary(outcome: Pick<BulkOutcome, "applied" | "proposed" | "unchanged" | "refused">): string {
  const refused = outcome.refused.reduce((n, r) => n + r.count, 0);
  const parts = [`${outcome.applied} applied`, `${outcome.proposed} waiting for approval`];
  if (outcome.unchanged) parts.push(`${outcome.unchanged} already so`);
  parts.push(`${refused} refused`);
  return `${parts.join(", ")}.`;
}
