import { MAX_IN_LIST, type Db, type Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";

// Which secret authenticated a caller, and how often: Secret.lastUsedAt and one SecretUsageDay row
// per secret and UTC day. The endpoints note each use in memory; lib/oauth/token-usage.ts writes
// them in its batch (one transaction every few seconds at most), never on the response path.

/** The window of the count the pages show ("N uses in 30 days"), today included. */
export const SECRET_USAGE_WINDOW_DAYS = 30;
/** Days of counts kept; older rows are deleted by the batched write. */
export const SECRET_USAGE_KEEP_DAYS = 31;

const DAY_MS = 86_400_000;

/** The UTC day of an instant, as SecretUsageDay.day holds it: YYYY-MM-DD. */
export function usageDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The first day of the window that ends today: today and the 29 days before it. */
export function usageWindowStart(now: Date, days = SECRET_USAGE_WINDOW_DAYS): string {
  return usageDay(new Date(now.getTime() - (days - 1) * DAY_MS));
}

/** Uses of one secret on one day, as collected in memory before they are written. */
export type SecretUse = { secretId: string; day: string; count: number; lastUsedAt: Date };

/** Adds one use at `at` to `uses` (keyed by secret and day). */
export function addSecretUse(uses: Map<string, SecretUse>, secretId: string, at: Date) {
  const day = usageDay(at);
  const key = `${secretId} ${day}`;
  const found = uses.get(key);
  if (found) {
    found.count += 1;
    if (at.getTime() > found.lastUsedAt.getTime()) found.lastUsedAt = at;
  } else {
    uses.set(key, { secretId, day, count: 1, lastUsedAt: at });
  }
}

/**
 * Writes collected uses in `tx`: adds each day's count, moves lastUsedAt forward (never back: another
 * instance may have written a later use), and deletes counts older than SECRET_USAGE_KEEP_DAYS.
 * Uses of a secret deleted meanwhile (its client or scope deleted) are dropped.
 */
export async function writeSecretUses(tx: Tx, uses: readonly SecretUse[], now: Date) {
  if (uses.length === 0) return;
  const ids = [...new Set(uses.map((u) => u.secretId))];
  const existing = new Set<string>();
  for (let i = 0; i < ids.length; i += MAX_IN_LIST) {
    const rows = await tx.secret.findMany({ where: { id: { in: ids.slice(i, i + MAX_IN_LIST) } }, select: { id: true } });
    for (const row of rows) existing.add(row.id);
  }
  const last = new Map<string, Date>();
  for (const use of uses) {
    if (!existing.has(use.secretId)) continue;
    await tx.secretUsageDay.upsert({
      where: { secretId_day: { secretId: use.secretId, day: use.day } },
      create: { secretId: use.secretId, day: use.day, count: use.count },
      update: { count: { increment: use.count } },
    });
    const before = last.get(use.secretId);
    if (!before || use.lastUsedAt.getTime() > before.getTime()) last.set(use.secretId, use.lastUsedAt);
  }
  for (const [id, at] of last) {
    await tx.secret.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at } });
  }
  await tx.secretUsageDay.deleteMany({ where: { day: { lt: usageWindowStart(now, SECRET_USAGE_KEEP_DAYS) } } });
}

/** The uses of each of `secretIds` in the window (today and the 29 days before); absent: none. */
export async function secretUsageCounts(secretIds: readonly string[], now = new Date(), db: Pick<Db, "secretUsageDay"> = prisma): Promise<Map<string, number>> {
  if (secretIds.length === 0) return new Map();
  const rows = await db.secretUsageDay.groupBy({
    by: ["secretId"],
    where: { secretId: { in: [...secretIds].slice(0, MAX_IN_LIST) }, day: { gte: usageWindowStart(now) } },
    _sum: { count: true },
  });
  return new Map(rows.map((r) => [r.secretId, r._sum.count ?? 0]));
}
