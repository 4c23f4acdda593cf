import type { Metadata } from "next";
import { ClientForm } from "@/components/clients/client-form";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { profileContextOptions, profileOptions, scopeOptions } from "@/lib/clients/form-values";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";
import { listScopeOptions } from "@/lib/scopes/queries";

export const metadata: Metadata = { title: "New client" };

export default async function NewClientPage() {
  await requirePermission("clients.write");
  const [profiles, contexts, scopes] = await Promise.all([listProfileOptions(), listProfileContextOptions(), listScopeOptions()]);
  return (
    <>
      <PageHeader title="New client" description="A confidential client gets its first secret as soon as it is created." />
      <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <ClientForm
          mode="create"
          profiles={profileOptions(profiles)}
          profileContexts={profileContextOptions(contexts)}
          scopes={scopeOptions(scopes)}
          defaultValues={{
            clientId: "",
            displayName: "",
            description: "",
            redirectUris: "",
            postLogoutRedirectUris: "",
            flow: "ClientCredentials",
            idTokenSignedResponseAlg: "RS256",
            tokenEndpointAuthMethod: "client_secret_basic",
            profileId: profiles.length === 1 ? profiles[0]!.id : "",
            profileContextId: "",
            expiresAt: "",
            enabled: true,
            scopeIds: [],
          }}
        />
      </div>
    </>
  );
}
