import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClientDangerZone } from "@/components/clients/client-danger-zone";
import { ClientForm } from "@/components/clients/client-form";
import { TokenCurl } from "@/components/clients/token-curl";
import { SecretsPanel } from "@/components/secrets/secrets-panel";
import { StatusBadge } from "@/components/ui/badge";
import { ReadOnly } from "@/components/ui/read-only";
import { can, refusalMessage } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { createClientSecret, revokeClientSecret } from "@/lib/clients/actions";
import { bindingPickers, clientFormValues, scopeOptions } from "@/lib/clients/form-values";
import { getClient } from "@/lib/clients/queries";
import { isConfidential } from "@/lib/clients/schema";
import { clientStatus } from "@/lib/clients/status";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";
import { listScopeOptions } from "@/lib/scopes/queries";
import { secretRows } from "@/lib/secrets/view";
import { rfc3339 } from "@/lib/validation/dates";

export const metadata: Metadata = { title: "Client" };

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("clients.read");
  const { id } = await params;
  const [client, profiles, contexts, scopes] = await Promise.all([getClient(id, admin.reach), listProfileOptions(), listProfileContextOptions(), listScopeOptions()]);
  if (!client) notFound();
  const now = new Date();

  return (
    <div className="space-y-6">
      <div>
        <Link href="/clients" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">← Clients</Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold tracking-tight">{client.clientId}</h1>
          <StatusBadge status={clientStatus(client, now)} />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{client.displayName}</p>
        <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          <div><dt className="inline">Created </dt><dd className="inline"><time dateTime={rfc3339(client.createdAt)}>{rfc3339(client.createdAt)}</time></dd></div>
          <div><dt className="inline">Modified </dt><dd className="inline"><time dateTime={rfc3339(client.updatedAt)}>{rfc3339(client.updatedAt)}</time></dd></div>
          <div><dt className="inline">Internal ID </dt><dd className="inline font-mono">{client.id}</dd></div>
        </dl>
        <Link href={`/audit?target=${encodeURIComponent(client.id)}`} className="mt-1 inline-block text-xs text-indigo-700 hover:underline dark:text-indigo-300">Audit log for this client</Link>
      </div>

      <ReadOnly when={!can(admin, "clients.write")} reason={refusalMessage(admin, "clients.write")}>
      <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <ClientForm mode="edit" defaultValues={clientFormValues(client)} {...bindingPickers(admin.reach, profiles, contexts, client.profileId)}
          scopes={scopeOptions(scopes)} />
      </div>

      <TokenCurl client={client} />

      {(isConfidential(client) || client.secrets.length > 0) && (
        <SecretsPanel
          ownerId={client.id}
          ownerLabel={client.clientId}
          ownerKind="client"
          createSecret={createClientSecret}
          revokeSecret={revokeClientSecret}
          secrets={secretRows(client.secrets, now)}
        />
      )}

      {can(admin, "clients.write") && <ClientDangerZone id={client.id} clientId={client.clientId} enabled={client.enabled} secretCount={client.secrets.length} />}
      </ReadOnly>
    </div>
  );
}
