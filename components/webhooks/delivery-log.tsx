import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import type { WebhookMessageRow } from "@/lib/webhooks/queries";
import { OutcomeButton } from "@/components/ui/outcome-button";
import { redeliverWebhook } from "@/lib/webhooks/actions";

const ERROR_WORDS: Record<string, string> = {
  http_status: "answered",
  timeout: "no answer in time",
  network: "unreachable",
  blocked: "address refused (SSRF guard)",
  secret: "secret unreadable",
};

function Status({ message }: { message: WebhookMessageRow }) {
  if (message.deliveredAt) return <Badge tone="green">delivered</Badge>;
  if (message.attempts.length === 0) return <Badge tone="gray">pending</Badge>;
  return <Badge tone="red">failed</Badge>;
}

const COLUMNS: Column<WebhookMessageRow>[] = [
  {
    header: "Event",
    phone: "title",
    cell: (m) => (
      <div>
        <p className="font-mono text-sm">{m.type}</p>
        <p className="font-mono text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">{m.id}</p>
      </div>
    ),
  },
  { header: "Status", cell: (m) => <Status message={m} /> },
  { header: "Created", className: "text-xs tabular-nums", cell: (m) => <DateTime value={m.createdAt} /> },
  {
    header: "Attempts",
    className: "text-xs",
    cell: (m) =>
      m.attempts.length === 0 ? (
        "—"
      ) : (
        <ol className="space-y-0.5" aria-label="Attempts">
          {m.attempts.map((a) => (
            <li key={a.number} data-testid="webhook-attempt" className="tabular-nums">
              #{a.number} <DateTime value={a.at} />: {a.ok ? "✓ " : "✗ "}
              {a.statusCode ?? ""} {a.errorClass && a.errorClass !== "http_status" ? ERROR_WORDS[a.errorClass] : ""} · {a.durationMs} ms
            </li>
          ))}
        </ol>
      ),
  },
  {
    header: "Actions",
    hideHeader: true,
    phone: "actions",
    cell: (m) => (
      <OutcomeButton action={redeliverWebhook} input={{ messageId: m.id }}>
        Redeliver
      </OutcomeButton>
    ),
  },
];

/** The latest messages of an endpoint with every attempt, and "Redeliver". */
export function DeliveryLog({ messages }: { messages: WebhookMessageRow[] }) {
  return (
    <DataTable
      caption="Events sent and their attempts"
      rows={messages}
      columns={COLUMNS}
      rowKey={(m) => m.id}
      rowProps={() => ({ "data-testid": "webhook-message" })}
      empty={<EmptyState title="Nothing sent yet." text="Send a test event, or wait for the first event this webhook subscribes to." />}
    />
  );
}
