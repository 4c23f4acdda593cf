import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { BulkSelection } from "@/components/clients/bulk-actions";
import { ClientsFilters } from "@/components/clients/clients-filters";
import { ClientsTable } from "@/components/clients/clients-table";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { bulkChangeClients, exportClients } from "@/lib/clients/actions";
import { profileContextOptions } from "@/lib/clients/form-values";
import { activeFilterCount, clientListHref, clientListQuerySchema } from "@/lib/clients/list-query";
import { listClients } from "@/lib/clients/queries";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";
import { listScopeOptions } from "@/lib/scopes/queries";

export const metadata: Metadata = { title: "Clients" };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requirePermission("clients.read");
  const query = clientListQuerySchema.parse(await searchParams);
  const [{ rows, total, page, pageCount }, profiles, contexts, scopes] = await Promise.all([
    listClients(query, admin.reach),
    listProfileOptions(),
    listProfileContextOptions(),
    listScopeOptions(),
  ]);
  const filtered = activeFilterCount(query) > 0;
  const canWrite = can(admin, "clients.write");
  // A context-bound admin's clients are all in one context: only it is worth offering.
  const reachable = contexts.filter((c) => admin.reach.kind === "all" || c.id === admin.reach.profileContextId);

  const table = (
    <ClientsTable
      selectable={canWrite}
      rows={rows}
      query={{ ...query, page }}
      now={new Date()}
      empty={
        <EmptyState
          title={filtered ? "No clients match these filters." : "No clients yet."}
          text={
            filtered ? (
              <Link href="/clients" className="underline">
                Clear the filters
              </Link>
            ) : (
              "Create the first one; a confidential client gets its secret at once."
            )
          }
        />
      }
    />
  );

  return (
    <>
      <PageHeader
        title="Clients"
        description="OpenID Connect clients, their redirect URIs and secrets."
        actions={
          canWrite && (
            <Link href="/clients/new" className={buttonClass("primary")}>
              New client
            </Link>
          )
        }
      />
      <ClientsFilters query={query} options={{ profiles, contexts: reachable, scopes }} total={total} />
      {canWrite ? (
        // A new page or filter starts a new selection (the key).
        <BulkSelection
          key={clientListHref(query, { page })}
          pageIds={rows.map((r) => r.id)}
          total={total}
          search={clientListHref(query, { page: 1 }).split("?")[1] ?? ""}
          contexts={[...(admin.reach.kind === "all" ? [{ value: "", label: "No profile context" }] : []), ...profileContextOptions(reachable)]}
          canExport={can(admin, "configuration.export")}
          change={bulkChangeClients}
          exportClients={exportClients}
        >
          {table}
        </BulkSelection>
      ) : (
        table
      )}
      {rows.length > 0 && <Pagination page={page} pageCount={pageCount} total={total} size={query.size} href={(p) => clientListHref(query, { page: p })} />}
    </>
  );
}
