import type { Metadata } from "next";
import { DeliveriesTable } from "@/components/deliveries/deliveries-table";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { DELIVERIES_SHOWN, listDeliveries } from "@/lib/deliveries/queries";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage() {
  // Owners only: the recipients of every area's mail, and every webhook.
  await requirePermission("deliveries.write");
  const { counts, rows, retentionDays } = await listDeliveries();
  const stats = [
    { label: "Waiting", value: counts.waiting, hint: "to be sent or retried" },
    { label: "Given up", value: counts.failed, hint: "attempts ran out" },
    { label: "Delivered", value: counts.delivered, hint: `in the last ${retentionDays} days` },
  ];
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Mail and webhooks the portal could not deliver yet, and those it gave up on: why, and when it tries again. Delivered messages are kept for the counts, not shown."
      />
      <dl className="mb-6 grid grid-cols-3 gap-3" data-testid="delivery-counts">
        {stats.map((s) => (
          <div key={s.label} className="rounded-xl border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs font-medium text-slate-600 uppercase dark:text-slate-400">{s.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{s.value}</dd>
            <dd className="text-xs text-slate-500 dark:text-slate-400">{s.hint}</dd>
          </div>
        ))}
      </dl>
      <DeliveriesTable rows={rows} />
      {counts.waiting + counts.failed > rows.length && (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">The {DELIVERIES_SHOWN} oldest are shown; retry or wait for them to see the rest.</p>
      )}
    </>
  );
}
