"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { deleteProvider } from "@/lib/providers/actions";

export type ProviderListRow = {
  id: string;
  providerName: string;
  authenticationMode: string;
  isEnabled: boolean;
  authority: string;
  redirectUri: string;
};

/** Active / Passive. */
export function ModeBadge({ mode }: { mode: string }) {
  return <Badge tone={mode === "Active" ? "indigo" : "gray"}>{mode}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return <Badge tone={enabled ? "green" : "gray"}>{enabled ? "enabled" : "disabled"}</Badge>;
}

/** The providers with their redirect URIs; each can be edited or deleted (after confirming). */
export function ProvidersTable({ rows, empty }: { rows: ProviderListRow[]; empty: React.ReactNode }) {
  const router = useRouter();
  const columns: Column<ProviderListRow>[] = [
    {
      header: "Provider and authority",
      phone: "title",
      cell: (row) => (
        <>
          <Link href={`/providers/${row.id}`} className="font-mono text-[0.8125rem] font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            {row.providerName}
          </Link>
          <span className="block max-w-72 truncate font-mono text-xs text-slate-500 dark:text-slate-400" title={row.authority}>
            {row.authority}
          </span>
        </>
      ),
    },
    { header: "Mode", cell: (row) => <ModeBadge mode={row.authenticationMode} /> },
    { header: "Status", cell: (row) => <EnabledBadge enabled={row.isEnabled} /> },
    {
      header: "Redirect URI",
      cell: (row) => (
        <div className="flex min-w-0 items-center gap-2">
          <code className="block max-w-64 min-w-0 truncate font-mono text-xs text-slate-700 dark:text-slate-300" title={row.redirectUri}>
            {row.redirectUri}
          </code>
          <CopyButton value={row.redirectUri} label="Copy" />
        </div>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      phone: "actions",
      className: "whitespace-nowrap",
      cell: (row) => (
        <div className="flex justify-end gap-2 max-sm:justify-start">
          <Link href={`/providers/${row.id}`} className={buttonClass("secondary", "px-2.5 py-1 text-xs")}>
            Edit<span className="sr-only"> {row.providerName}</span>
          </Link>
          <DeleteProviderButton id={row.id} providerName={row.providerName} size="small" onDone={() => router.refresh()} />
        </div>
      ),
    },
  ];
  return (
    <DataTable
      caption="Identity providers"
      rows={rows}
      columns={columns}
      rowKey={(row) => row.id}
      rowProps={() => ({ "data-testid": "provider-row" })}
      empty={empty}
    />
  );
}

/** Delete, after confirming. */
export function DeleteProviderButton({
  id,
  providerName,
  size = "normal",
  onDone,
}: {
  id: string;
  providerName: string;
  size?: "normal" | "small";
  onDone: () => void;
}) {
  return (
    <ConfirmButton
      size={size}
      label={
        <>
          Delete<span className="sr-only"> {providerName}</span>
        </>
      }
      title={`Delete provider "${providerName}"?`}
      description="Its settings and its stored client secret are removed for good. People can no longer sign in with it."
      confirmLabel="Delete provider"
      onConfirm={() => deleteProvider({ id })}
      onDone={onDone}
    />
  );
}
