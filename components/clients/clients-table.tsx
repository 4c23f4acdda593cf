import { Link } from "@/components/ui/link";
import { clientStatus } from "@/lib/clients/status";
import { clientListHref, type ClientListQuery } from "@/lib/clients/list-query";
import type { ClientListPage } from "@/lib/clients/queries";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { StatusBadge } from "@/components/ui/badge";
import { ExpiryBadge, PolicyBadge } from "@/components/secrets/expiry-badge";
import { breaksPolicy, secretPolicyFor } from "@/lib/secrets/policy";
import { RowCheckbox } from "./bulk-actions";

type Row = ClientListPage["rows"][number];

type Sort = ClientListQuery["sort"];

/** What needs attention on a row: the soonest secret expiry, the client's own, and a policy breach. */
function Attention({ client, now }: { client: Row; now: Date }) {
  const policy = secretPolicyFor(client.profile);
  const breach = client.secrets.find((s) => breaksPolicy(s, policy, now));
  const soonest = client.secrets.reduce<Date | null>((min, s) => (s.expiresAt && (!min || s.expiresAt < min) ? s.expiresAt : min), null);
  return (
    <span className="flex flex-col items-start gap-1">
      {breach && <PolicyBadge maxDays={policy.maxDays!} expiresAt={breach.expiresAt} />}
      <ExpiryBadge at={soonest} now={now} what="secret" />
      {client.enabled && <ExpiryBadge at={client.expiresAt} now={now} what="client" />}
    </span>
  );
}

/**
 * The clients table: sorted on the server by the URL (sortable headers are links), shareable.
 * `selectable`: a checkbox per row for the bulk actions (inside BulkSelection, ./bulk-actions.tsx).
 */
export function ClientsTable({
  rows,
  query,
  now,
  empty,
  selectable = false,
}: {
  rows: Row[];
  query: ClientListQuery;
  now: Date;
  empty: React.ReactNode;
  selectable?: boolean;
}) {
  const select: Column<Row, Sort>[] = selectable
    ? [
        // On a phone the checkbox leads the row's title (the client id) rather than a line of its own.
        {
          header: "Select",
          hideHeader: true,
          phone: "title",
          className: "w-8 max-sm:float-left max-sm:pr-3",
          cell: (c) => <RowCheckbox id={c.id} clientId={c.clientId} />,
        },
      ]
    : [];
  const columns: Column<Row, Sort>[] = [
    ...select,
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
    { header: "Flow", sort: "flow", cell: (c) => c.flow },
    {
      header: "Profile",
      sort: "profile",
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
    {
      // What needs attention sits under the status: one column fewer keeps the table inside 1280 px.
      header: "Status",
      sort: "status",
      cell: (c) => (
        <span className="flex flex-col items-start gap-1">
          <StatusBadge status={clientStatus(c, now)} />
          <Attention client={c} now={now} />
        </span>
      ),
    },
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
