import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/layout/page-header";
import { NewScopeButton } from "@/components/scopes/new-scope-button";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listScopes } from "@/lib/scopes/queries";

export const metadata: Metadata = { title: "Scopes" };

export default async function ScopesPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const admin = await requirePermission("scopes.read");
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) ?? "";
  const scopes = await listScopes(q);

  return (
    <>
      <PageHeader title="Scopes" description="Scopes clients may request, and scope secrets for token introspection." actions={can(admin, "scopes.write") && <NewScopeButton />} />
      <form method="get" role="search" aria-label="Search scopes" className="mb-4 flex items-end gap-3">
        <div className="min-w-56 flex-1 sm:max-w-md">
          <label htmlFor="q" className="text-sm font-medium">Search</label>
          <input id="q" name="q" type="search" defaultValue={q} placeholder="Name or display name" className={inputClass} />
        </div>
        <button type="submit" className={buttonClass("secondary", "mb-px")}>Search</button>
      </form>
      {scopes.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
          <p className="font-medium">{q ? "No scopes match this search." : "No scopes yet."}</p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Scopes</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Display name</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">Clients</th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">Active secrets</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {scopes.map((s) => (
                <tr key={s.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                  <td className="px-4 py-2.5 font-mono">
                    <Link href={`/scopes/${s.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">{s.name}</Link>
                    {s.builtIn && <span className="ml-2"><Badge tone="indigo">built-in</Badge></span>}
                  </td>
                  <td className="px-4 py-2.5">
                    {s.displayName}
                    {s.description && <div className="text-xs text-slate-500 dark:text-slate-400">{s.description}</div>}
                  </td>
                  <td className="px-4 py-2.5"><StatusBadge status={s.enabled ? "active" : "disabled"} /></td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{s._count.clients}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{s._count.secrets}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
