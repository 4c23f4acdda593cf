import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/layout/page-header";
import { ExportForm } from "@/components/providers/export-form";
import { ImportDialog } from "@/components/providers/import-dialog";
import { ProvidersTable } from "@/components/providers/providers-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/data-table";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { portalOrigin } from "@/lib/http/origin";
import { listProviders } from "@/lib/providers/queries";
import { providerRedirectUri } from "@/lib/providers/vocabulary";

export const metadata: Metadata = { title: "Identity providers" };

export default async function ProvidersPage() {
  const admin = await requirePermission("providers.read");
  const canWrite = can(admin, "providers.write");
  const [providers, host] = await Promise.all([listProviders(), portalOrigin()]);
  const rows = providers.map((p) => ({
    id: p.id,
    providerName: p.providerName,
    authenticationMode: p.authenticationMode,
    isEnabled: p.isEnabled,
    authority: p.authority,
    redirectUri: providerRedirectUri(host, p.providerName),
  }));

  return (
    <>
      <PageHeader
        title="Identity providers"
        description="External OpenID Connect providers people sign in with. At most one enabled provider is Active."
        actions={
          canWrite && (
            <div className="flex gap-2">
              <ImportDialog />
              <Link href="/providers/new" className={buttonClass("primary")}>
                New provider
              </Link>
            </div>
          )
        }
      />
      <div className="space-y-6">
        <ProvidersTable
          rows={rows}
          empty={
            <EmptyState
              title="No identity providers yet"
              text="Create the first one, or import an open_id_connect document."
              action={
                canWrite && (
                  <Link href="/providers/new" className={buttonClass("primary")}>
                    New provider
                  </Link>
                )
              }
            />
          }
        />
        {rows.length > 0 && (
          <section aria-labelledby="export-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="export-heading" className="font-semibold">
              Export
            </h2>
            <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
              Every provider as one <code className="font-mono text-xs">open_id_connect</code> JSON document, to import elsewhere.
            </p>
            <ExportForm label="Export all providers" />
          </section>
        )}
      </div>
    </>
  );
}
