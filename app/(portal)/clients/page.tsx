import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { ClientsFilters } from "@/components/clients/clients-filters";
import { ClientsTable } from "@/components/clients/clients-table";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
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

  return (
    <>
      <PageHeader
        title="Clients"
        description="OpenID Connect clients, their redirect URIs and secrets."
        actions={
          can(admin, "clients.write") && (
            <Link href="/clients/new" className={buttonClass("primary")}>
              New client
            </Link>
          )
        }
      />
      <ClientsFilters
        query={query}
        // A context-bound admin's clients are all in one context: only it is worth offering.
        options={{ profiles, contexts: contexts.filter((c) => admin.reach.kind === "all" || c.id === admin.reach.profileContextId), scopes }}
        total={total}
      />
      <ClientsTable
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
      {rows.length > 0 && <Pagination page={page} pageCount={pageCount} total={total} size={query.size} href={(p) => clientListHref(query, { page: p })} />}
    </>
  );
}
