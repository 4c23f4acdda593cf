import type { Metadata } from "next";
import { RequestsTable } from "@/components/change-requests/requests-table";
import { STATUS_LABELS } from "@/components/change-requests/labels";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/data-table";
import { Link } from "@/components/ui/link";
import { Pagination } from "@/components/ui/pagination";
import { requirePermission } from "@/lib/auth/session";
import { listChangeRequests } from "@/lib/change-requests/queries";
import { CHANGE_STATUSES, type ChangeStatus } from "@/lib/change-requests/schema";
import * as clock from "@/lib/clock";
import { formatAgo } from "@/lib/validation/format-instant";
import { pageParam } from "@/lib/validation/list-params";

export const metadata: Metadata = { title: "Change requests" };

const EMPTY: Record<ChangeStatus, string> = {
  open: "No change waits for a decision.",
  approved: "No change request was approved yet.",
  rejected: "No change request was rejected.",
  stale: "No change request went stale.",
  withdrawn: "No change request was withdrawn.",
};

/** A status's list, open (the default) without a parameter; `page` past the first. */
function listHref(status: ChangeStatus, page = 1): string {
  const params = new URLSearchParams({ ...(status === "open" ? {} : { status }), ...(page > 1 ? { page: String(page) } : {}) });
  return `/change-requests${params.size ? `?${params}` : ""}`;
}

/** The status a `?status=` names; open (what waits for someone) when it names none. */
function statusOf(value: string | string[] | undefined): ChangeStatus {
  return CHANGE_STATUSES.find((status) => status === value) ?? "open";
}

// Four-eyes change requests (docs/decisions/030): one status at a time, the open ones first.
export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requirePermission("clients.read");
  const params = await searchParams;
  const status = statusOf(params.status);
  const now = clock.now();
  const { rows: requests, total, page, pageCount, size } = await listChangeRequests(admin.reach, { status, page: pageParam.parse(params.page) });
  const rows = requests.map((r) => ({
    id: r.id,
    kind: r.kind,
    clientLabel: r.clientLabel,
    status: r.status,
    reason: r.reason,
    authorLabel: r.authorLabel,
    authorType: r.authorType,
    deciderLabel: r.deciderLabel,
    createdAt: r.createdAt.toISOString(),
    age: formatAgo(r.createdAt, now),
  }));

  return (
    <>
      <PageHeader
        title="Change requests"
        description="Changes to clients of profiles that need a second person's approval. Open one to see its changes and decide on it."
      />
      <nav aria-label="Status" className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
        {CHANGE_STATUSES.map((s) => (
          <Link
            key={s}
            href={listHref(s)}
            aria-current={s === status ? "page" : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-2.5 py-2 text-sm font-medium sm:px-3 ${
              s === status
                ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            }`}
          >
            {STATUS_LABELS[s]}
          </Link>
        ))}
      </nav>
      <RequestsTable
        rows={rows}
        empty={
          <EmptyState
            title={EMPTY[status]}
            text={status === "open" ? "When a client's profile needs approval, changes to the client wait here for another admin." : undefined}
          />
        }
      />
      {total > size && <Pagination page={page} pageCount={pageCount} total={total} size={size} href={(p) => listHref(status, p)} />}
    </>
  );
}
