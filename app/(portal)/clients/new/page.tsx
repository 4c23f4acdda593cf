import type { Metadata } from "next";
import { ClientForm } from "@/components/form-islands";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { apiRoleOptions, bindingPickers, newClientFormValues, scopeOptions } from "@/lib/clients/form-values";
import { clientFormInputs } from "@/lib/clients/model";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";
import { listScopeOptions } from "@/lib/scopes/queries";

export const metadata: Metadata = { title: "New client" };

export default async function NewClientPage() {
  const admin = await requirePermission("clients.write");
  const [profiles, contexts, scopes] = await Promise.all([listProfileOptions(), listProfileContextOptions(), listScopeOptions()]);
  const pickers = bindingPickers(admin.reach, profiles, contexts);
  const bound = admin.reach.kind === "context" ? admin.reach : null;
  return (
    <>
      <PageHeader title="New client" description="A confidential client gets its first secret as soon as it is created." />
      <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <ClientForm
          mode="create"
          inputs={clientFormInputs()}
          {...pickers}
          scopes={scopeOptions(scopes)}
          apiRoles={apiRoleOptions(admin)}
          governedProfiles={profiles.filter((p) => p.requireApproval).map((p) => p.id)}
          defaultValues={newClientFormValues({
            profileId: bound ? bound.profileId : profiles.length === 1 ? profiles[0]!.id : "",
            profileContextId: bound ? bound.profileContextId : null,
          })}
        />
      </div>
    </>
  );
}
