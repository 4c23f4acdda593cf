import { DateTime } from "@/components/ui/date-time";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ExportForm } from "@/components/providers/export-form";
import { ProviderDangerZone } from "@/components/providers/provider-danger-zone";
import { ProviderForm } from "@/components/form-islands";
import { EnabledBadge, ModeBadge } from "@/components/providers/providers-table";
import { requirePermission } from "@/lib/auth/session";
import { portalOrigin } from "@/lib/http/origin";
import { getProviderForEdit } from "@/lib/providers/queries";
import { settingsToFormValues } from "@/lib/providers/schema";

export const metadata: Metadata = { title: "Identity provider" };

export default async function ProviderPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission("providers.read");
  const { id } = await params;
  const [provider, host] = await Promise.all([getProviderForEdit(id), portalOrigin()]);
  if (!provider) notFound();
  const { settings } = provider;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/providers" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Identity providers
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold tracking-tight">{settings.providerName}</h1>
          <ModeBadge mode={settings.authenticationMode} />
          <EnabledBadge enabled={settings.isEnabled} />
        </div>
        <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          <div>
            <dt className="inline">Created </dt>
            <dd className="inline">
              <DateTime value={provider.createdAt} />
            </dd>
          </div>
          <div>
            <dt className="inline">Modified </dt>
            <dd className="inline">
              <DateTime value={provider.updatedAt} />
            </dd>
          </div>
          <div>
            <dt className="inline">Version </dt>
            <dd className="inline">{provider.version}</dd>
          </div>
        </dl>
      </div>

      <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <ProviderForm
          mode="edit"
          host={host}
          hasSecret={provider.hasSecret}
          defaultValues={{ ...settingsToFormValues(settings), id: provider.id, version: provider.version, secretAction: "keep" }}
        />
      </div>

      <section aria-labelledby="export-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="export-heading" className="font-semibold">
          Export
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          This provider as an <code className="font-mono text-xs">open_id_connect</code> JSON document (the saved version).
        </p>
        <ExportForm id={provider.id} label="Export this provider" />
      </section>

      <ProviderDangerZone id={provider.id} providerName={settings.providerName} />
    </div>
  );
}
