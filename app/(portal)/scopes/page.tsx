import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/layout/page-header";
import { NewScopeButton } from "@/components/scopes/new-scope-button";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { FilterSearch } from "@/components/ui/filter-fields";
import { FilterForm } from "@/components/ui/filter-form";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listScopes } from "@/lib/scopes/queries";

export const metadata: Metadata = { title: "Scopes" };

type ScopeRow = Awaited<ReturnType<typeof listScopes>>[number];

const COLUMNS: Column<ScopeRow>[] = [
  {
    header: "Name",
    phone: "title",
    className: "font-mono",
    cell: (s) => (
      <>
        <Link href={`/scopes/${s.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          {s.name}
        </Link>
        {s.builtIn && (
          <span className="ml-2">
            <Badge tone="indigo">built-in</Badge>
          </span>
        )}
      </>
    ),
  },
  {
    header: "Display name",
    cell: (s) => (
      <>
        {s.displayName}
        {s.description && <div className="text-xs text-slate-500 dark:text-slate-400">{s.description}</div>}
      </>
    ),
  },
  { header: "Status", cell: (s) => <StatusBadge status={s.enabled ? "active" : "disabled"} /> },
  { header: "Clients", align: "right", className: "tabular-nums", cell: (s) => s._count.clients },
  { header: "Active secrets", align: "right", className: "tabular-nums", cell: (s) => s._count.secrets },
];

export default async function ScopesPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const admin = await requirePermission("scopes.read");
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) ?? "";
  const scopes = await listScopes(q);

  return (
    <>
      <PageHeader
        title="Scopes"
        description="Scopes clients may request, and scope secrets for token introspection."
        actions={can(admin, "scopes.write") && <NewScopeButton />}
      />
      <FilterForm action="/scopes" label="Search scopes" values={{ q }}>
        <FilterSearch label="Search" name="q" className="min-w-56 flex-1 sm:max-w-md" defaultValue={q} placeholder="Name or display name" />
      </FilterForm>
      <DataTable
        caption="Scopes"
        rows={scopes}
        columns={COLUMNS}
        rowKey={(s) => s.id}
        empty={<EmptyState title={q ? "No scopes match this search." : "No scopes yet."} />}
      />
    </>
  );
}
