import type { ReactNode } from "react";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import type { AuditEventRow } from "@/lib/audit/queries";
import { changeLines, targetTypeName } from "./format-changes";

/** An event's (or a change request's) changes: `field: from → to` lines. */
export function Changes({ changes }: { changes: unknown }) {
  const lines = changeLines(changes);
  if (lines.length === 0) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs [overflow-wrap:anywhere]">
      {lines.map((line, i) => (
        <li key={`${line.key}-${i}`} className="pl-4 -indent-4">
          {line.key && <span className="text-slate-500 dark:text-slate-400">{line.key}: </span>}
          {line.from !== undefined && (
            <>
              <span className="text-red-800 dark:text-red-300">{line.from}</span>
              <span className="text-slate-500"> → </span>
            </>
          )}
          <span className={line.from !== undefined ? "text-emerald-800 dark:text-emerald-300" : ""}>{line.to}</span>
        </li>
      ))}
    </ul>
  );
}

/** An email may wrap before its "@", never at a hyphen inside it. */
export function Actor({ label, type }: { label: string; type: string }) {
  // An API call is made by a client (its client_id); say so, so it is not mistaken for an admin.
  if (type === "client") {
    return (
      <>
        <span className="font-mono">{label}</span> <span className="text-xs text-slate-500 dark:text-slate-400">(API client)</span>
      </>
    );
  }
  // The portal's own background work (the audit purge).
  if (type === "system") return <span className="italic">{label} (the portal)</span>;
  const at = label.indexOf("@");
  if (at <= 0) return <>{label}</>;
  return (
    <>
      <span className="whitespace-nowrap">{label.slice(0, at)}</span>
      <wbr />
      <span className="whitespace-nowrap">{label.slice(at)}</span>
    </>
  );
}

/** Where the request came from: its address, with the User-Agent and request id on hover (all three in the export). */
function Origin({ row }: { row: AuditEventRow }) {
  if (!row.address) return null;
  const details = [row.userAgent && `User-Agent: ${row.userAgent}`, row.requestId && `Request id: ${row.requestId}`].filter(Boolean).join("\n");
  return (
    <span data-testid="audit-origin" title={details || undefined} className="block font-mono text-xs text-slate-500 dark:text-slate-400">
      {row.address}
    </span>
  );
}

function Target({ row }: { row: AuditEventRow }) {
  return (
    <>
      <span className="block text-xs text-slate-500 dark:text-slate-400">{targetTypeName(row.targetType)}</span>
      {row.targetType === "client" && row.targetExists ? (
        <Link href={`/clients/${row.targetId}`} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
          {row.targetLabel}
        </Link>
      ) : (
        <span className={row.targetType === "client" ? "font-mono" : ""} title={row.targetType === "client" ? "This client no longer exists" : undefined}>
          {row.targetLabel}
        </span>
      )}
    </>
  );
}

/** The audit log: newest first; times in UTC (the exact instant on hover). */
export function AuditTable({ rows, empty }: { rows: AuditEventRow[]; empty: ReactNode }) {
  const columns: Column<AuditEventRow>[] = [
    { header: "When (UTC)", phone: "title", className: "whitespace-nowrap tabular-nums", cell: (e) => <DateTime value={e.at} /> },
    {
      header: "Actor",
      className: "min-w-40 [overflow-wrap:anywhere] max-sm:min-w-0",
      cell: (e) => (
        <>
          <Actor label={e.actorLabel} type={e.actorType} />
          <Origin row={e} />
        </>
      ),
    },
    { header: "Action", className: "font-mono text-xs sm:whitespace-nowrap", cell: (e) => e.action },
    { header: "Target", className: "min-w-52 max-w-72 [overflow-wrap:anywhere] max-sm:min-w-0 max-sm:max-w-none", cell: (e) => <Target row={e} /> },
    { header: "Changes", className: "w-2/5 max-sm:w-auto", cell: (e) => <Changes changes={e.changes} /> },
  ];
  return (
    <DataTable
      caption="Audit events, newest first"
      rows={rows}
      columns={columns}
      rowKey={(e) => e.id}
      rowProps={() => ({ "data-testid": "audit-row" })}
      empty={empty}
    />
  );
}
