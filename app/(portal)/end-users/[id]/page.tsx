import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RevokeGrantsButton, SignOutEverywhereButton } from "@/components/end-users/end-user-actions";
import { GrantedClientName } from "@/components/end-users/granted-clients";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import { can, refusalMessage } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getEndUser, type EndUserGrantRow } from "@/lib/end-users/queries";

export const metadata: Metadata = { title: "End user" };

const link = "text-indigo-700 hover:underline dark:text-indigo-300";
const note = "text-sm text-slate-600 dark:text-slate-400";

// One person: who they are, how they came in, the clients they granted (each revocable), and — for an
// unrestricted admin — their sessions, which "Sign out everywhere" ends.
export default async function EndUserPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("endUsers.read");
  const { id } = await params;
  const details = await getEndUser(id, admin.reach);
  if (!details) notFound();
  const { user, grants, sessions } = details;
  const mayRevoke = can(admin, "endUsers.write");
  // Their name and username, when they say more than the heading (providers often repeat one).
  const aliases = [...new Set([user.name, user.username])].filter((v): v is string => !!v && v !== user.label);

  const columns: Column<EndUserGrantRow>[] = [
    { header: "Client", phone: "title", className: "min-w-40", cell: (g) => <GrantedClientName client={g.client} /> },
    { header: "Client ID", className: "font-mono text-xs [overflow-wrap:anywhere]", cell: (g) => g.client.clientId },
    { header: "Scopes granted", cell: (g) => <span className="font-mono text-xs">{g.scopes.join(" ") || "—"}</span> },
    { header: "Granted", className: "whitespace-nowrap", cell: (g) => <DateTime value={g.grantedAt} /> },
    { header: "Live tokens", align: "right", cell: (g) => g.tokens },
    ...(mayRevoke
      ? [
          {
            header: "Actions",
            hideHeader: true,
            phone: "actions",
            cell: (g) => (
              <RevokeGrantsButton id={user.id} person={user.label} clientId={g.client.clientId} clientName={g.client.displayName || g.client.clientId} />
            ),
          } satisfies Column<EndUserGrantRow>,
        ]
      : []),
  ];

  return (
    <div className="min-w-0 space-y-6">
      <div className="min-w-0">
        <Link href="/end-users" className={`text-sm ${link}`}>
          ← End users
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{user.label}</h1>
        {aliases.length > 0 && <p className={`mt-1 ${note}`}>{aliases.join(" · ")}</p>}
        <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          <div>
            <dt className="inline">Identity provider </dt>
            <dd className="inline" data-testid="end-user-provider">
              {user.providerName}
            </dd>
          </div>
          <div>
            <dt className="inline">First seen </dt>
            <dd className="inline">
              <DateTime value={user.createdAt} />
            </dd>
          </div>
          <div>
            <dt className="inline">Last sign-in </dt>
            <dd className="inline">
              <DateTime value={user.lastSignInAt} />
            </dd>
          </div>
          <div>
            <dt className="inline">Signed out everywhere </dt>
            <dd className="inline" data-testid="end-user-signed-out">
              <DateTime value={user.signedOutAt} empty="never" />
            </dd>
          </div>
          <div>
            <dt className="inline">Subject (sub) </dt>
            <dd className="inline font-mono [overflow-wrap:anywhere]">{user.id}</dd>
          </div>
        </dl>
        {can(admin, "audit.read") && (
          <p className="mt-1 text-xs">
            <Link href={`/audit?target=${encodeURIComponent(user.id)}`} className={link}>
              Audit log for this person
            </Link>
          </p>
        )}
      </div>

      <section aria-labelledby="grants-heading" className="space-y-3">
        <div>
          <h2 id="grants-heading" className="text-lg font-semibold">
            Clients granted
          </h2>
          <p className={note}>
            What {user.label} has consented to, per client. Revoking a client&apos;s grants stops its tokens at once; the next sign-in to it asks for consent
            again.
          </p>
          {!mayRevoke && <p className={`mt-1 ${note}`}>{refusalMessage(admin, "endUsers.write")}</p>}
        </div>
        <DataTable
          caption={`Clients granted by ${user.label}`}
          rows={grants}
          columns={columns}
          rowKey={(g) => g.client.clientId}
          rowProps={(g) => ({ "data-testid": `grant-row-${g.client.clientId}` })}
          empty={<EmptyState title="No grants." text="This person has not consented to any client, or every grant was revoked." />}
        />
      </section>

      {sessions !== null && (
        <section aria-labelledby="sessions-heading" className="rounded-xl border border-red-200 bg-white p-5 dark:border-red-900 dark:bg-slate-900">
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Sessions
          </h2>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="font-medium" data-testid="end-user-sessions">
                {sessions === 0 ? "No live session" : sessions === 1 ? "1 live session" : `${sessions} live sessions`} at the portal
              </p>
              <p className={note}>
                Signing out everywhere ends them and revokes every token and code {user.label} holds, at every client. Their consents remain.
              </p>
            </div>
            {can(admin, "endUsers.signOut") ? (
              <SignOutEverywhereButton id={user.id} person={user.label} />
            ) : (
              <p className={note}>{refusalMessage(admin, "endUsers.signOut")}</p>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
