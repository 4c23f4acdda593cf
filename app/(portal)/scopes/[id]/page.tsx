import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { DeleteScopeButton } from "@/components/scopes/delete-scope-button";
import { ScopeForm } from "@/components/form-islands";
import { SecretsPanel } from "@/components/secrets/secrets-panel";
import { Badge } from "@/components/ui/badge";
import { ReadOnly } from "@/components/ui/read-only";
import { can, refusalMessage } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import * as clock from "@/lib/clock";
import { createScopeSecret, revokeScopeSecret, rotateScopeSecret } from "@/lib/scopes/actions";
import { getScope } from "@/lib/scopes/queries";
import { secretUsageCounts } from "@/lib/secrets/usage";
import { secretRows } from "@/lib/secrets/view";

export const metadata: Metadata = { title: "Scope" };

export default async function ScopePage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("scopes.read");
  const canWrite = can(admin, "scopes.write");
  const scope = await getScope((await params).id);
  if (!scope) notFound();
  // Secret validity and the "last used" times follow the portal's clock (lib/clock.ts).
  const now = clock.now();
  const uses = await secretUsageCounts(
    scope.secrets.map((s) => s.id),
    now,
  );

  return (
    <div className="space-y-6">
      <div>
        <Link href="/scopes" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Scopes
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold tracking-tight">{scope.name}</h1>
          {scope.builtIn && <Badge tone="indigo">built-in</Badge>}
        </div>
      </div>
      <ReadOnly when={!canWrite} reason={refusalMessage(admin, "scopes.write")}>
        <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
          <ScopeForm
            mode="edit"
            builtIn={scope.builtIn}
            defaultValues={{ id: scope.id, name: scope.name, displayName: scope.displayName, description: scope.description, enabled: scope.enabled }}
          />
        </div>
        <SecretsPanel
          ownerId={scope.id}
          ownerLabel={scope.name}
          ownerKind="scope"
          secrets={secretRows(scope.secrets, now, undefined, uses)}
          createSecret={createScopeSecret}
          revokeSecret={revokeScopeSecret}
          rotateSecret={rotateScopeSecret}
        />
        <section aria-labelledby="clients-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="clients-heading" className="text-lg font-semibold">
            Clients allowed to request it
          </h2>
          {scope._count.clients === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No client may request this scope yet.</p>
          ) : (
            <ul className="mt-2 flex flex-wrap gap-2">
              {scope.clients.map(({ client }) => (
                <li key={client.id}>
                  <Link
                    href={`/clients/${client.id}`}
                    className="rounded-md border border-slate-200 px-2 py-1 font-mono text-sm hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
                  >
                    {client.clientId}
                  </Link>
                </li>
              ))}
              {scope._count.clients > scope.clients.length && (
                <li className="text-sm text-slate-500">and {scope._count.clients - scope.clients.length} more</li>
              )}
            </ul>
          )}
        </section>
        {!scope.builtIn && canWrite && (
          <section
            aria-labelledby="danger-heading"
            className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-red-200 bg-white p-5 dark:border-red-900 dark:bg-slate-900"
          >
            <div>
              <h2 id="danger-heading" className="font-semibold">
                Delete this scope
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">Only possible while no client may request it.</p>
            </div>
            <DeleteScopeButton id={scope.id} name={scope.name} />
          </section>
        )}
      </ReadOnly>
    </div>
  );
}
