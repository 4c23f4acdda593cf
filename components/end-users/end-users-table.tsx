import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import type { EndUserRow } from "@/lib/end-users/queries";
import { endUserListHref, type EndUserListQuery } from "@/lib/end-users/schema";
import { GrantedClientName } from "./granted-clients";

type Sort = EndUserListQuery["sort"];

const muted = "block text-xs text-slate-500 dark:text-slate-400";

/** Who signed in to the portal's clients: the person, their provider, the clients they granted, when. */
export function EndUsersTable({ rows, query, empty }: { rows: EndUserRow[]; query: EndUserListQuery; empty: React.ReactNode }) {
  const columns: Column<EndUserRow, Sort>[] = [
    {
      header: "Person",
      sort: "email",
      phone: "title",
      className: "min-w-48",
      cell: (u) => (
        <>
          <Link href={`/end-users/${encodeURIComponent(u.id)}`} className="font-medium break-all text-indigo-700 hover:underline dark:text-indigo-300">
            {u.label}
          </Link>
          {u.name && u.name !== u.label && <span className="block text-xs text-slate-600 dark:text-slate-400">{u.name}</span>}
          {u.username && u.username !== u.label && u.username !== u.name && <span className={muted}>{u.username}</span>}
        </>
      ),
    },
    { header: "Identity provider", cell: (u) => u.providerName },
    {
      header: "Clients granted",
      className: "min-w-40",
      cell: (u) =>
        u.clients.length === 0 ? (
          <span className="text-slate-500 dark:text-slate-400">None</span>
        ) : (
          <ul className="space-y-0.5">
            {u.clients.map((c) => (
              <li key={c.clientId}>
                <GrantedClientName client={c} />
              </li>
            ))}
          </ul>
        ),
    },
    { header: "First seen", sort: "createdAt", className: "whitespace-nowrap", cell: (u) => <DateTime value={u.createdAt} /> },
    {
      header: "Last sign-in",
      sort: "lastSignInAt",
      className: "whitespace-nowrap",
      cell: (u) => (
        <>
          <DateTime value={u.lastSignInAt} />
          {u.signedOutAt && u.signedOutAt >= u.lastSignInAt && (
            <span className={muted}>
              signed out everywhere <DateTime value={u.signedOutAt} />
            </span>
          )}
        </>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      phone: "actions",
      cell: (u) => (
        <Link
          href={`/end-users/${encodeURIComponent(u.id)}`}
          className="inline-block rounded-md border whitespace-nowrap border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          aria-label={`Details of ${u.label}`}
        >
          Details
        </Link>
      ),
    },
  ];
  return (
    <DataTable
      caption="End users"
      rows={rows}
      columns={columns}
      rowKey={(u) => u.id}
      rowProps={(u) => ({ "data-testid": `end-user-row-${u.label}` })}
      sorting={{ by: query.sort, dir: query.dir, href: (sort, dir) => endUserListHref(query, { sort, dir, page: 1 }) }}
      empty={empty}
    />
  );
}
