import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import type { WebhookRow } from "@/lib/webhooks/queries";

/** The events of an endpoint, as code. */
export function EventList({ events }: { events: string[] }) {
  return (
    <ul className="flex flex-wrap gap-1">
      {events.map((e) => (
        <li key={e} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
          {e}
        </li>
      ))}
    </ul>
  );
}

const COLUMNS: Column<WebhookRow>[] = [
  {
    header: "URL",
    phone: "title",
    className: "max-w-md [overflow-wrap:anywhere]",
    cell: (w) => (
      <div>
        <Link href={`/webhooks/${w.id}`} className="font-mono text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          {w.url}
        </Link>
        {w.description && <p className="text-xs text-slate-600 dark:text-slate-400">{w.description}</p>}
      </div>
    ),
  },
  { header: "Events", cell: (w) => <EventList events={w.events} /> },
  { header: "Status", cell: (w) => (w.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="gray">disabled</Badge>) },
  { header: "Created", className: "text-xs tabular-nums", cell: (w) => <DateTime value={w.createdAt} /> },
  { header: "By", className: "text-xs", cell: (w) => w.createdBy },
];

export function WebhooksTable({ rows }: { rows: WebhookRow[] }) {
  return (
    <DataTable
      caption="Webhooks"
      rows={rows}
      columns={COLUMNS}
      rowKey={(w) => w.id}
      rowProps={() => ({ "data-testid": "webhook-row" })}
      empty={<EmptyState title="No webhooks yet." text="Add one to stream the audit log to a SIEM or to get secret expiry warnings." />}
    />
  );
}
