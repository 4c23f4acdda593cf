import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import type { SigningKeyRow } from "@/lib/oauth/key-view";
import { DateTime } from "@/components/ui/date-time";

const none = (text: string) => <span className="text-slate-600 dark:text-slate-400">{text}</span>;

const COLUMNS: Column<SigningKeyRow>[] = [
  { header: "Key ID (kid)", phone: "title", className: "font-mono text-xs sm:whitespace-nowrap max-sm:[overflow-wrap:anywhere]", cell: (k) => k.kid },
  { header: "Algorithm", className: "font-mono", cell: (k) => k.alg },
  { header: "Status", cell: (k) => (k.status === "active" ? <Badge tone="green">active</Badge> : <Badge tone="gray">retired</Badge>) },
  { header: "Created", className: "text-xs tabular-nums", cell: (k) => <DateTime value={k.createdAt} /> },
  { header: "Retired", className: "text-xs tabular-nums", cell: (k) => (k.retiredAt ? <DateTime value={k.retiredAt} /> : none("—")) },
  {
    header: "Published until",
    className: "text-xs tabular-nums",
    cell: (k) => (k.publishedUntil ? <DateTime value={k.publishedUntil} /> : none("while active")),
  },
];

/** The published signing keys: kid, algorithm, created, status and how long each stays published. */
export function SigningKeysTable({ keys }: { keys: SigningKeyRow[] }) {
  return (
    <DataTable
      caption="Published signing keys"
      rows={keys}
      columns={COLUMNS}
      rowKey={(k) => k.kid}
      rowProps={() => ({ "data-testid": "signing-key-row" })}
      empty={<EmptyState title="No signing keys yet." text="The first token request, the first JWKS request or “Rotate keys” creates them." />}
    />
  );
}
