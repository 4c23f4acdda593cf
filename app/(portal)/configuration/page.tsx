import type { Metadata } from "next";
import { ConfigExportForm } from "@/components/config/export-form";
import { ImportPanel } from "@/components/config/import-panel";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { MIN_PASSPHRASE_LENGTH } from "@/lib/config/passphrase";

export const metadata: Metadata = { title: "Configuration" };

const card = "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900";

export default async function ConfigurationPage() {
  await requirePermission("configuration.export");
  return (
    <>
      <PageHeader
        title="Configuration"
        description="Bring a Usercube configuration in, or move the whole portal between environments. The same import and export are in the REST API (POST /api/v0/import, GET /api/v0/export)."
      />
      <div className="space-y-6">
        <section aria-labelledby="import-heading" className={card}>
          <h2 id="import-heading" className="font-semibold">
            Import
          </h2>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Run a dry run first: it lists what would be created, changed or left alone, and every problem by element and attribute (XML) or JSON path. Nothing
            is written unless every entry is valid. A Usercube <code className="font-mono text-xs">HashedSecret</code> is kept as it is, so the client keeps
            working with its existing secret.{" "}
            <a href="/configuration/example.xml" download className="font-medium text-indigo-700 underline dark:text-indigo-400">
              Download an example
            </a>
            .
          </p>
          <ImportPanel />
        </section>
        <section aria-labelledby="export-heading" className={card}>
          <h2 id="export-heading" className="font-semibold">
            Export
          </h2>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">Every export is recorded in the audit log.</p>
          <ConfigExportForm minPassphrase={MIN_PASSPHRASE_LENGTH} />
        </section>
      </div>
    </>
  );
}
