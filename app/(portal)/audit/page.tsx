import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Link } from "@/components/ui/link";
import { AuditExportLinks, AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { auditListHref, auditListQuerySchema, isAuditFiltered } from "@/lib/audit/list-query";
import { listAuditEvents, listAuditFilterOptions } from "@/lib/audit/queries";
import { TOKEN_AUDIT_INTERVAL_TEXT } from "@/lib/audit/token-summary";
import { requirePermission } from "@/lib/auth/session";
import { canFollowWalkthrough, recordAuditSeen } from "@/lib/onboarding/walkthrough";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requirePermission("audit.read");
  const raw = await searchParams;
  const query = auditListQuerySchema.parse(raw);
  // A time typed in the form (2026-12-06T18:34, UTC) is put into the URL as RFC 3339, so a shared link is exact.
  if ((["from", "to"] as const).some((key) => raw[key] !== undefined && raw[key] !== query[key])) redirect(auditListHref(query));
  const [{ rows, total, page, pageCount, size }, options] = await Promise.all([listAuditEvents(query), listAuditFilterOptions()]);
  const filtered = isAuditFiltered(query);
  // The walkthrough's last step: the admin saw their client's token call here.
  if (canFollowWalkthrough(admin)) await recordAuditSeen(admin.id, rows);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change, and each client's token calls (token.issued: a count per secret, at most one event per client every ${TOKEN_AUDIT_INTERVAL_TEXT}), newest first. Times are UTC.`}
      />
      <AuditFilters query={query} options={options} />
      <AuditExportLinks query={query} total={total} />
      <AuditTable
        rows={rows}
        empty={
          <EmptyState
            title={filtered ? "No events match these filters." : "No events yet."}
            text={
              filtered ? (
                <Link href="/audit" className="underline">
                  Clear the filters
                </Link>
              ) : (
                "Every change to clients, secrets and profiles will be listed here."
              )
            }
          />
        }
      />
      {rows.length > 0 && <Pagination page={page} pageCount={pageCount} total={total} size={size} href={(p) => auditListHref(query, { page: p })} />}
    </>
  );
}
