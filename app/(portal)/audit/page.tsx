import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/layout/page-header";
import { Pagination } from "@/components/ui/pagination";
import { auditListHref, auditListQuerySchema, isAuditFiltered } from "@/lib/audit/list-query";
import { listAuditEvents, listAuditFilterOptions } from "@/lib/audit/queries";
import { requirePermission } from "@/lib/auth/session";
import { canFollowWalkthrough, recordAuditSeen } from "@/lib/onboarding/walkthrough";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requirePermission("audit.read");
  const query = auditListQuerySchema.parse(await searchParams);
  const [{ rows, total, page, pageCount, size }, options] = await Promise.all([listAuditEvents(query), listAuditFilterOptions()]);
  const filtered = isAuditFiltered(query);
  // The walkthrough's last step: the admin saw their client's token call here.
  if (canFollowWalkthrough(admin)) await recordAuditSeen(admin.id, rows);

  return (
    <>
      <PageHeader title="Audit log" description="Every change, and each client's token calls (at most one event a minute per client), newest first. Times are UTC." />
      <AuditFilters query={query} options={options} />
      {rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
          <p className="font-medium">{filtered ? "No events match these filters." : "No events yet."}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {filtered ? <Link href="/audit" className="underline">Clear the filters</Link> : "Every change to clients, secrets and profiles will be listed here."}
          </p>
        </div>
      ) : (
        <>
          <AuditTable rows={rows} />
          <Pagination page={page} pageCount={pageCount} total={total} size={size} href={(p) => auditListHref(query, { page: p })} />
        </>
      )}
    </>
  );
}
