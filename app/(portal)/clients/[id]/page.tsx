import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ClientDangerZone } from "@/components/clients/client-danger-zone";
import { ClientDetails, OTHER_DETAILS } from "@/components/clients/client-details";
import { ClientForm } from "@/components/form-islands";
import { TokenCurl } from "@/components/clients/token-curl";
import { TrySignIn } from "@/components/clients/try-sign-in";
import { SecretsPanel } from "@/components/secrets/secrets-panel";
import { StatusBadge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { ReadOnly } from "@/components/ui/read-only";
import { can, refusalMessage } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import * as clock from "@/lib/clock";
import { createClientSecret, revokeClientSecret, rotateClientSecret } from "@/lib/clients/actions";
import { apiRoleOptions, beyondPowerReason, bindingPickers, clientFormValues, scopeOptions } from "@/lib/clients/form-values";
import { getClient, weakSecretIds } from "@/lib/clients/queries";
import { isConfidential } from "@/lib/clients/schema";
import { clientStatus } from "@/lib/clients/status";
import { clientFormInputs } from "@/lib/clients/model";
import { trialBlocker, trialRedirectUri } from "@/lib/clients/trial";
import { IMPLICIT_ADVICE } from "@/lib/onboarding/attention";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";
import { listScopeOptions } from "@/lib/scopes/queries";
import { secretUsageCounts } from "@/lib/secrets/usage";
import { secretRows } from "@/lib/secrets/view";
import { WEAK_SECRET_MESSAGE } from "@/lib/secrets/weak";

export const metadata: Metadata = { title: "Client" };

const link = "text-indigo-700 hover:underline dark:text-indigo-300";

// What people come for first: status, secrets and the token call; the full settings form below.
export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("clients.read");
  const { id } = await params;
  const [client, profiles, contexts, scopes, weak] = await Promise.all([
    getClient(id, admin.reach),
    listProfileOptions(),
    listProfileContextOptions(),
    listScopeOptions(),
    weakSecretIds(id, admin.reach),
  ]);
  if (!client) notFound();
  // Secret validity and the "last used" times follow the portal's clock (lib/clock.ts).
  const now = clock.now();
  const uses = await secretUsageCounts(
    client.secrets.map((s) => s.id),
    now,
  );
  const beyondPower = beyondPowerReason(admin, client);
  // A second person approves its changes (docs/decisions/030): its forms propose, with a reason.
  const governed = profiles.some((p) => p.id === client.profileId && p.requireApproval);

  return (
    <div className="min-w-0 space-y-6">
      <div className="min-w-0">
        <Link href="/clients" className={`text-sm ${link}`}>
          ← Clients
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{client.clientId}</h1>
          <StatusBadge status={clientStatus(client, now)} />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {client.displayName} · {client.flow} · {client.profile.displayName}
          {client.profileContext && ` (${client.profileContext.category}: ${client.profileContext.d0})`}
        </p>
        <ClientDetails
          client={client}
          view="page"
          layout={[
            { label: "Last token", value: <DateTime value={client.lastTokenAt} empty="never" />, testId: "last-token" },
            "expiresAt",
            { label: "Created", value: <DateTime value={client.createdAt} /> },
            { label: "Modified", value: <DateTime value={client.updatedAt} /> },
            OTHER_DETAILS,
            { label: "Internal ID", value: client.id, className: "font-mono [overflow-wrap:anywhere]" },
          ]}
        />
        <p className="mt-1 flex flex-wrap gap-x-4 text-xs">
          <Link href={`/audit?target=${encodeURIComponent(client.id)}`} className={link}>
            Audit log for this client
          </Link>
          <Link href={`/clients/${client.id}/handover`} className={link}>
            Hand-over sheet
          </Link>
        </p>
      </div>

      <ReadOnly when={!can(admin, "clients.write") || beyondPower !== null} reason={beyondPower ?? refusalMessage(admin, "clients.write")}>
        {client.flow === "Implicit" && (
          <p
            role="alert"
            data-testid="implicit-warning"
            className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            <strong>Implicit flow.</strong> The portal does not sign anyone in to this client: the Implicit flow is {IMPLICIT_ADVICE}.
          </p>
        )}
        {weak.size > 0 && (
          <p
            role="alert"
            data-testid="weak-secret-warning"
            className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          >
            <strong>Weak secret.</strong> {WEAK_SECRET_MESSAGE}
          </p>
        )}

        {(isConfidential(client) || client.secrets.length > 0) && (
          <SecretsPanel
            ownerId={client.id}
            ownerLabel={client.clientId}
            ownerKind="client"
            createSecret={createClientSecret}
            revokeSecret={revokeClientSecret}
            rotateSecret={rotateClientSecret}
            secrets={secretRows(client.secrets, now, weak, uses)}
            secretMaxDays={client.profile.secretMaxDays}
            governed={governed}
          />
        )}

        <TokenCurl client={client} />

        {(client.flow === "AuthorizationCode" || client.flow === "Hybrid") && (
          <TrySignIn
            id={client.id}
            clientId={client.clientId}
            redirectUri={trialRedirectUri()}
            blocker={trialBlocker(client)}
            missingRedirect={!(client.redirectUris as string[]).includes(trialRedirectUri())}
            canWrite={can(admin, "clients.write") && !beyondPower}
          />
        )}

        <section aria-labelledby="settings-heading" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="settings-heading" className="mb-4 text-lg font-semibold">
            Settings
          </h2>
          <ClientForm
            mode="edit"
            inputs={clientFormInputs()}
            defaultValues={clientFormValues(client)}
            {...bindingPickers(admin.reach, profiles, contexts, client.profileId)}
            scopes={scopeOptions(scopes)}
            apiRoles={apiRoleOptions(admin, client.adminApiRole)}
            governedProfiles={profiles.filter((p) => p.requireApproval).map((p) => p.id)}
          />
        </section>

        {can(admin, "clients.write") && !beyondPower && (
          <ClientDangerZone id={client.id} clientId={client.clientId} enabled={client.enabled} secretCount={client.secrets.length} governed={governed} />
        )}
      </ReadOnly>
    </div>
  );
}
