import type { ReactNode } from "react";
import { Actor } from "@/components/audit/audit-table";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Link } from "@/components/ui/link";
import { changeRequestPath } from "@/lib/change-requests/links";
import { kindLabel, statusLabel, statusTone } from "./labels";

export type RequestRow = {
  id: string;
  kind: string;
  clientLabel: string;
  status: string;
  reason: string;
  authorLabel: string;
  /** admin | client (an API client's request names its client_id) */
  authorType: string;
  deciderLabel: string | null;
  createdAt: string;
  /** "3 hours ago" */
  age: string;
};

const muted = "text-slate-500 dark:text-slate-400";

/** Change requests, newest first: each opens its page with the diff and the decision. */
export function RequestsTable({ rows, empty }: { rows: RequestRow[]; empty: ReactNode }) {
  const columns: Column<RequestRow>[] = [
    {
      header: "Client",
      phone: "title",
      className: "[overflow-wrap:anywhere]",
      cell: (r) => (
        <Link href={changeRequestPath(r.id)} className="font-mono font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          {r.clientLabel}
          <span className="sr-only">: {kindLabel(r.kind)}</span>
        </Link>
      ),
    },
    { header: "Change", className: "sm:whitespace-nowrap", cell: (r) => kindLabel(r.kind) },
    { header: "Author", className: "[overflow-wrap:anywhere]", cell: (r) => <Actor label={r.authorLabel} type={r.authorType} /> },
    {
      header: "Reason",
      className: "max-w-sm [overflow-wrap:anywhere]",
      cell: (r) => (r.reason ? <span className="line-clamp-2">{r.reason}</span> : <span className={muted}>—</span>),
    },
    {
      header: "Age",
      className: "whitespace-nowrap",
      cell: (r) => (
        <time dateTime={r.createdAt} title={r.createdAt}>
          {r.age}
        </time>
      ),
    },
    {
      header: "Status",
      cell: (r) => (
        <>
          <Badge tone={statusTone(r.status)}>{statusLabel(r.status)}</Badge>
          {r.deciderLabel && <span className={`block text-xs [overflow-wrap:anywhere] ${muted}`}>by {r.deciderLabel}</span>}
        </>
      ),
    },
  ];
  return (
    <DataTable
      caption="Change requests, newest first"
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      rowProps={() => ({ "data-testid": "request-row" })}
      empty={empty}
    />
  );
}
