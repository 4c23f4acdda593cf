"use client";

import { useRouter } from "next/navigation";
import { DeleteProviderButton } from "./providers-table";

/** Delete the provider, behind a confirmation. */
export function ProviderDangerZone({ id, providerName }: { id: string; providerName: string }) {
  const router = useRouter();
  return (
    <section aria-labelledby="danger-heading" className="rounded-xl border border-red-200 bg-white p-5 dark:border-red-900 dark:bg-slate-900">
      <h2 id="danger-heading" className="text-lg font-semibold">
        Danger zone
      </h2>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="font-medium">Delete this provider</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">Removes its settings and its stored client secret. This cannot be undone.</p>
        </div>
        <DeleteProviderButton id={id} providerName={providerName} onDone={() => router.replace("/providers")} />
      </div>
    </section>
  );
}
