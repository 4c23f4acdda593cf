import type { Metadata } from "next";
import { EndUsersFilters } from "@/components/end-users/end-users-filters";
import { EndUsersTable } from "@/components/end-users/end-users-table";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/data-table";
import { Link } from "@/components/ui/link";
import { Pagination } from "@/components/ui/pagination";
import { requirePermission } from "@/lib/auth/session";
import { listEndUsers } from "@/lib/end-users/queries";
import { endUserListHref, endUserListQuerySchema } from "@/lib/end-users/schema";

export const metadata: Metadata = { title: "End users" };

export default async function EndUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requirePermission("endUsers.read");
  const query = endUserListQuerySchema.parse(await searchParams);
  const { rows, total, page, pageCount, size } = await listEndUsers(query, admin.reach);

  return (
    <>
      <PageHeader
        title="End users"
        description={
          admin.reach.kind === "all"
            ? "The people who sign in to the portal's clients through its identity providers, and the clients they have granted."
            : "The people who granted a client of your profile context, and those grants."
        }
      />
      <EndUsersFilters query={query} />
      <EndUsersTable
        rows={rows}
        query={{ ...query, page }}
        empty={
          <EmptyState
            title={query.q ? "No one matches this search." : "No one has signed in yet."}
            text={
              query.q ? (
                <Link href="/end-users" className="underline">
                  Clear the search
                </Link>
              ) : (
                "People appear here after their first sign-in to an AuthorizationCode or Hybrid client, through one of the identity providers."
              )
            }
          />
        }
      />
      {rows.length > 0 && <Pagination page={page} pageCount={pageCount} total={total} size={size} href={(p) => endUserListHref(query, { page: p })} />}
    </>
  );
}
