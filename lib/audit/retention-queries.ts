import "server-only";
import { prisma } from "@/lib/db/prisma";
import { purgeableCount } from "./retention";
import { AUDIT_SETTING_ID } from "./retention-vocabulary";

/** What /settings/audit shows: the saved retention, and what a purge would delete now. */
export async function getAuditRetentionView(now: Date) {
  const [row, purgeable, oldest, total] = await Promise.all([
    prisma.auditSetting.findUnique({ where: { id: AUDIT_SETTING_ID } }),
    purgeableCount(prisma, now),
    prisma.auditEvent.findFirst({ orderBy: [{ at: "asc" }, { id: "asc" }], select: { at: true } }),
    prisma.auditEvent.count(),
  ]);
  return {
    saved: row
      ? { retentionDays: row.retentionDays, version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy, lastPurgeAt: row.lastPurgeAt }
      : null,
    purgeable,
    oldest: oldest?.at ?? null,
    total,
  };
}
