"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { deleteProvider } from "@/lib/providers/actions";

export type ProviderListRow = {
  id: string;
  providerName: string;
  authenticationMode: string;
  isEnabled: boolean;
  authority: string;
  redirectUri: string;
};

const th = "whitespace-nowrap px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400";
const td = "px-4 py-3 align-middle";

/** Active / Passive. */
export function ModeBadge({ mode }: { mode: string }) {
  return <Badge tone={mode === "Active" ? "indigo" : "gray"}>{mode}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return <Badge tone={enabled ? "green" : "gray"}>{enabled ? "enabled" : "disabled"}</Badge>;
}

/** The providers with their redirect URIs; each can be edited or deleted (after confirming). */
export function ProvidersTable({ rows }: { rows: ProviderListRow[] }) {
  const router = useRouter();
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-50 dark:bg-slate-800/50">
          <tr>
            <th scope="col" className={th}>Provider and authority</th>
            <th scope="col" className={th}>Mode</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Redirect URI</th>
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id} data-testid="provider-row">
              <td className={td}>
                <Link href={`/providers/${row.id}`} className="font-mono text-[0.8125rem] font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {row.providerName}
                </Link>
                <span className="block max-w-72 truncate font-mono text-xs text-slate-500 dark:text-slate-400" title={row.authority}>
                  {row.authority}
                </span>
              </td>
              <td className={td}>
                <ModeBadge mode={row.authenticationMode} />
              </td>
              <td className={td}>
                <EnabledBadge enabled={row.isEnabled} />
              </td>
              <td className={td}>
                <div className="flex items-center gap-2">
                  <code className="block max-w-64 truncate font-mono text-xs text-slate-700 dark:text-slate-300" title={row.redirectUri}>
                    {row.redirectUri}
                  </code>
                  <CopyButton value={row.redirectUri} label="Copy" />
                </div>
              </td>
              <td className={`${td} whitespace-nowrap text-right`}>
                <div className="flex justify-end gap-2">
                  <Link href={`/providers/${row.id}`} className={buttonClass("secondary", "px-2.5 py-1 text-xs")}>
                    Edit<span className="sr-only"> {row.providerName}</span>
                  </Link>
                  <DeleteProviderButton id={row.id} providerName={row.providerName} size="small" onDone={() => router.refresh()} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
