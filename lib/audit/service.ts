import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ConflictError } from "@/lib/actions/result";
import { isUniqueViolation } from "@/lib/db/errors";
import { AUDIT_SETTINGS_TARGET, purgeAuditEventsIn, type PurgeResult } from "./retention";
import type { AuditRetentionValues } from "./retention-schema";
import { AUDIT_SETTING_ID } from "./retention-vocabulary";

// The audit log's own setting (/settings/audit), called by ./actions.ts with the wrapper's context.

const STALE_MESSAGE = "The retention was changed by someone else since you opened this page. Reload to see the latest setting, then choose again.";

/** Words for a retention in the audit log: "forever" or "N days". */
const retentionText = (days: number | null) => (days === null ? "forever" : `${days} days`);

/**
 * Saves how long audit events are kept (creates the one row on the first save), audited with
 * from/to. A save based on an older version is refused. Saving the same value writes nothing.
 */
export async function saveAuditRetentionRecord({ tx, actor, audit }: ServiceContext, { retentionDays, version }: AuditRetentionValues) {
  const before = await tx.auditSetting.findUnique({ where: { id: AUDIT_SETTING_ID } });
  if ((before?.version ?? 0) !== version) throw new ConflictError(STALE_MESSAGE);
  const previous = before?.retentionDays ?? null;
  if (previous === retentionDays) return { version, retentionDays };

  if (before) {
    const { count } = await tx.auditSetting.updateMany({
      where: { id: AUDIT_SETTING_ID, version },
      data: { retentionDays, updatedBy: actor.label, updatedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError(STALE_MESSAGE);
  } else {
    await tx.auditSetting.create({ data: { id: AUDIT_SETTING_ID, retentionDays, updatedBy: actor.label } }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? new ConflictError(STALE_MESSAGE) : error;
    });
  }
  await audit({
    action: "auditSettings.updated",
    target: AUDIT_SETTINGS_TARGET,
    changes: { retention: { from: retentionText(previous), to: retentionText(retentionDays) } },
  });
  return { version: version + 1, retentionDays };
}

/** "Purge now": one purge run by the Owner, audited as theirs in the same transaction. */
export function purgeAuditNowRecord({ tx, actor }: ServiceContext, now: Date): Promise<PurgeResult> {
  return purgeAuditEventsIn(tx, now, actor);
}
