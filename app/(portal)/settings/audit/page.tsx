import type { Metadata } from "next";
import { AuditRetentionForm } from "@/components/form-islands";
import { PageHeader } from "@/components/layout/page-header";
import { DateTime } from "@/components/ui/date-time";
import { requirePermission } from "@/lib/auth/session";
import * as clock from "@/lib/clock";
import { PURGE_BATCH, PURGE_MAX_BATCHES } from "@/lib/audit/retention";
import { getAuditRetentionView } from "@/lib/audit/retention-queries";
import type { AuditRetentionFormValues } from "@/lib/audit/retention-schema";

export const metadata: Metadata = { title: "Audit retention" };

export default async function AuditRetentionPage() {
  // Owners only: deleting history is theirs to decide.
  await requirePermission("settings.write");
  const { saved, purgeable, oldest, total } = await getAuditRetentionView(clock.now());
  const days = saved?.retentionDays ?? null;
  const defaultValues: AuditRetentionFormValues = {
    mode: days === null ? "forever" : "days",
    days: days === null ? "" : String(days),
    version: saved?.version ?? 0,
  };

  return (
    <>
      <PageHeader
        title="Audit retention"
        description="How long the audit log keeps its events. By default every event is kept. With a retention, the portal deletes older events once an hour and records each purge in the log (audit.purged)."
      />
      <div className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <p data-testid="retention-state" className="text-sm text-slate-600 dark:text-slate-400">
          <span className="font-medium text-slate-800 dark:text-slate-200">{days === null ? "Every event is kept." : `Events are kept ${days} days.`}</span> The
          log holds {total.toLocaleString("en")} {total === 1 ? "event" : "events"}
          {oldest && (
            <>
              , the oldest from <DateTime value={oldest} />
            </>
          )}
          .
          {saved && (
            <>
              {" "}
              Set by {saved.updatedBy}, <DateTime value={saved.updatedAt} />.
            </>
          )}
          {saved?.lastPurgeAt && (
            <>
              {" "}
              Last purge run: <DateTime value={saved.lastPurgeAt} />.
            </>
          )}
        </p>
        <AuditRetentionForm
          defaultValues={defaultValues}
          purgeable={purgeable.count}
          cutoff={purgeable.cutoff ? purgeable.cutoff.toISOString() : null}
          runBound={PURGE_BATCH * PURGE_MAX_BATCHES}
        />
      </div>
    </>
  );
}
