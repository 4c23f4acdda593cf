import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import type { AuditEventRow } from "@/lib/audit/queries";
import { changeLines, targetTypeName } from "./format-changes";

function Changes({ changes }: { changes: unknown }) {
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
function Actor({ label, type }: { label: string; type: string }) {
  // An API call is made by a client (its client_id); say so, so it is not mistaken for an admin.
  if (type === "client") {
    return (
      <>
        <span className="font-mono">{label}</span> <span className="text-xs text-slate-500 dark:text-slate-400">(API client)</span>
      </>
    );
  }
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
export function AuditTable({ rows }: { rows: AuditEventRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2.5 font-medium">When (UTC)</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Actor</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Action</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Target</th>
            <th scope="col" className="w-2/5 px-3 py-2.5 font-medium">Changes</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top dark:divide-slate-800">
          {rows.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">
                <DateTime value={e.at} />
              </td>
              <td className="px-3 py-2.5 [overflow-wrap:anywhere]">
                <Actor label={e.actorLabel} type={e.actorType} />
              </td>
              <td className="px-3 py-2.5 whitespace-nowrap font-mono text-xs">{e.action}</td>
              <td className="min-w-44 max-w-72 px-3 py-2.5 [overflow-wrap:anywhere]">
                <Target row={e} />
              </td>
              <td className="px-3 py-2.5">
                <Changes changes={e.changes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
