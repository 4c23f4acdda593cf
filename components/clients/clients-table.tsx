import { Link } from "@/components/ui/link";
import { clientStatus } from "@/lib/clients/status";
import { clientListHref, type ClientListQuery } from "@/lib/clients/list-query";
import { DateTime } from "@/components/ui/date-time";
import { StatusBadge } from "@/components/ui/badge";

type Row = {
  id: string;
  clientId: string;
  displayName: string;
  flow: string;
  enabled: boolean;
  expiresAt: Date | null;
  updatedAt: Date;
  profile: { displayName: string };
  profileContextId: number | null;
  profileContext: { category: string; d0: string } | null;
};

function SortHeader({ query, column, children }: { query: ClientListQuery; column: ClientListQuery["sort"]; children: React.ReactNode }) {
  const active = query.sort === column;
  const nextDir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined} className="px-4 py-2.5 font-medium">
      <Link href={clientListHref(query, { sort: column, dir: nextDir, page: 1 })} className="inline-flex items-center gap-1 hover:text-slate-900 dark:hover:text-white">
        {children}
        <span aria-hidden className={active ? "" : "opacity-30"}>
          {active && query.dir === "desc" ? "▼" : "▲"}
        </span>
      </Link>
    </th>
  );
}

/** The clients table: sortable headers are links, so sorting works without script and is shareable. */
export function ClientsTable({ rows, query, now }: { rows: Row[]; query: ClientListQuery; now: Date }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Clients</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <SortHeader query={query} column="clientId">Client ID</SortHeader>
            <SortHeader query={query} column="displayName">Display name</SortHeader>
            <th scope="col" className="px-4 py-2.5 font-medium">Flow</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Profile</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
            <SortHeader query={query} column="expiresAt">Expires</SortHeader>
            <SortHeader query={query} column="updatedAt">Modified</SortHeader>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((c) => (
            <tr key={c.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
              <td className="px-4 py-2.5 font-mono">
                <Link href={`/clients/${c.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                  {c.clientId}
                </Link>
              </td>
              <td className="px-4 py-2.5">{c.displayName}</td>
              <td className="px-4 py-2.5">{c.flow}</td>
              <td className="px-4 py-2.5">
                {c.profile.displayName}
                {c.profileContext && (
                  <span className="block text-xs text-slate-500" title={`Profile context ${c.profileContextId}`}>
                    {c.profileContext.category}: {c.profileContext.d0}
                  </span>
                )}
              </td>
              <td className="px-4 py-2.5">
                <StatusBadge status={clientStatus(c, now)} />
              </td>
              <td className="px-4 py-2.5 whitespace-nowrap"><DateTime value={c.expiresAt} /></td>
              <td className="px-4 py-2.5 whitespace-nowrap">
                <DateTime value={c.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
