import { Badge, type Tone } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import type { DeliveryRow, DeliveryState } from "@/lib/deliveries/queries";
import { OutcomeButton, OutcomeRegion } from "@/components/ui/outcome-button";
import { retryDelivery } from "@/lib/deliveries/actions";

const STATES: Record<DeliveryState, { tone: Tone; label: string }> = {
  queued: { tone: "gray", label: "queued" },
  sending: { tone: "indigo", label: "sending" },
  waiting: { tone: "amber", label: "waiting to retry" },
  failed: { tone: "red", label: "given up" },
};

const attempts = (n: number) => (n === 1 ? "1 attempt" : `${n} attempts`);

const COLUMNS: Column<DeliveryRow>[] = [
  {
    header: "Message",
    phone: "title",
    cell: (d) => (
      <div>
        <p className="text-sm font-medium">{d.what}</p>
        <p className="text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">
          to{" "}
          {d.webhookId ? (
            <Link href={`/webhooks/${d.webhookId}`} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
              {d.to}
            </Link>
          ) : (
            <span className={d.to.includes("@") ? "font-mono" : ""}>{d.to}</span>
          )}
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          created <DateTime value={d.createdAt} />
        </p>
      </div>
    ),
  },
  {
    header: "Status",
    className: "whitespace-nowrap",
    cell: (d) => (
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 sm:block">
        <Badge tone={STATES[d.state].tone}>{STATES[d.state].label}</Badge>
        <p className="text-xs text-slate-600 tabular-nums sm:mt-1 dark:text-slate-400">{attempts(d.attempts)}</p>
      </div>
    ),
  },
  {
    header: "Next attempt",
    className: "text-xs tabular-nums",
    cell: (d) =>
      d.state === "failed" ? (
        <>
          none: given up <DateTime value={d.failedAt} />
        </>
      ) : (
        <DateTime value={d.nextAttemptAt} />
      ),
  },
  {
    header: "Last error",
    className: "min-w-56 text-xs [overflow-wrap:anywhere]",
    cell: (d) => (d.lastError ? <span data-testid="delivery-error">{d.lastError}</span> : "—"),
  },
  {
    header: "Actions",
    hideHeader: true,
    phone: "actions",
    cell: (d) =>
      d.noRetry ? (
        <p className="max-w-56 text-xs text-slate-600 dark:text-slate-400">{d.noRetry}</p>
      ) : (
        <OutcomeButton action={retryDelivery} input={{ id: d.id }} label={`Retry now: ${d.what} to ${d.to}`} subject={`${d.what} to ${d.to}`}>
          Retry now
        </OutcomeButton>
      ),
  },
];

/** The outbox's messages still to send and those given up, with "Retry now". */
export function DeliveriesTable({ rows }: { rows: DeliveryRow[] }) {
  return (
    <OutcomeRegion>
      <DataTable
        caption="Mail and webhooks waiting or given up"
        rows={rows}
        columns={COLUMNS}
        rowKey={(d) => d.id}
        rowProps={() => ({ "data-testid": "delivery" })}
        empty={
          <EmptyState
            title="Nothing waiting: every message was delivered."
            text="Mail and webhooks that fail show here, with the reason and a way to retry them."
          />
        }
      />
    </OutcomeRegion>
  );
}
