import { Link } from "@/components/ui/link";
import { clientStatus } from "@/lib/clients/status";
import { clientListHref, type ClientListQuery } from "@/lib/clients/list-query";
import type { ClientListPage } from "@/lib/clients/queries";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { StatusBadge } from "@/components/ui/badge";

type Row = ClientListPage["rows"][number];

type Sort = ClientListQuery["sort"];

/** The clients table: sorted on the server by the URL (sortable headers are links), shareable. */
export function ClientsTable({ rows, query, now, empty }: { rows: Row[]; query: ClientListQuery; now: Date; empty: React.ReactNode }) {
  const columns: Column<Row, Sort>[] = [
    {
      header: "Client ID",
      sort: "clientId",
      phone: "title",
      className: "font-mono max-sm:[overflow-wrap:anywhere]",
      cell: (c) => (
        <Link href={`/clients/${c.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          {c.clientId}
        </Link>
      ),
    },
    {
      header: "Display name",
      sort: "displayName",
      cell: (c) => (
        <>
          {c.displayName}
          {(c.owners as string[]).length > 0 && (
            <span className="block text-xs text-slate-500 dark:text-slate-400" data-testid="client-owners">
              Owners: {(c.owners as string[]).join(", ")}
            </span>
          )}
        </>
      ),
    },
    { header: "Flow", cell: (c) => c.flow },
    {
      header: "Profile",
      cell: (c) => (
        <>
          {c.profile.displayName}
          {c.profileContext && (
            <span className="block text-xs text-slate-500 dark:text-slate-400" title={`Profile context ${c.profileContextId}`}>
              {c.profileContext.category}: {c.profileContext.d0}
            </span>
          )}
        </>
      ),
    },
    { header: "Status", cell: (c) => <StatusBadge status={clientStatus(c, now)} /> },
    { header: "Expires", sort: "expiresAt", cell: (c) => <DateTime value={c.expiresAt} /> },
    { header: "Modified", sort: "updatedAt", cell: (c) => <DateTime value={c.updatedAt} /> },
  ];
  return (
    <DataTable
      caption="Clients"
      rows={rows}
      columns={columns}
      rowKey={(c) => c.id}
      sorting={{ by: query.sort, dir: query.dir, href: (sort, dir) => clientListHref(query, { sort, dir, page: 1 }) }}
      empty={empty}
    />
  );
}
