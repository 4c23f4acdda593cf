"use client";

import { useRouter } from "next/navigation";
import { deleteClient, setClientEnabled } from "@/lib/clients/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** Disable / enable and delete, each behind a confirmation. */
export function ClientDangerZone({ id, clientId, enabled, secretCount }: { id: string; clientId: string; enabled: boolean; secretCount: number }) {
  const router = useRouter();
  return (
    <section aria-labelledby="danger-heading" className="rounded-xl border border-red-200 bg-white p-5 dark:border-red-900 dark:bg-slate-900">
      <h2 id="danger-heading" className="text-lg font-semibold">
        Danger zone
      </h2>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 pb-4 dark:border-slate-800">
        <div>
          <p className="font-medium">{enabled ? "Disable this client" : "Enable this client"}</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {enabled ? "A disabled client cannot get tokens until it is enabled again." : "The client can get tokens again."}
          </p>
        </div>
        <ConfirmButton
          variant={enabled ? "danger" : "secondary"}
          label={enabled ? "Disable client" : "Enable client"}
          title={enabled ? `Disable ${clientId}?` : `Enable ${clientId}?`}
          description={enabled ? "Its callers will be refused tokens at once." : "Its callers will be able to get tokens again."}
          confirmLabel={enabled ? "Disable client" : "Enable client"}
          onConfirm={() => setClientEnabled({ id, enabled: !enabled })}
          onDone={() => router.refresh()}
        />
      </div>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="font-medium">Delete this client</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Removes the client and its {secretCount} secret{secretCount === 1 ? "" : "s"}. This cannot be undone.
          </p>
        </div>
        <ConfirmButton
          label="Delete client"
          title={`Delete ${clientId}?`}
          description={`The client and its ${secretCount} secret${secretCount === 1 ? "" : "s"} are deleted for good. Callers using it will be refused.`}
          confirmLabel="Delete client"
          onConfirm={() => deleteClient({ id })}
          onDone={() => router.replace("/clients")}
        />
      </div>
    </section>
  );
}
