import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/layout/page-header";
import { ProviderForm } from "@/components/form-islands";
import { requirePermission } from "@/lib/auth/session";
import { portalOrigin } from "@/lib/http/origin";
import { NEW_PROVIDER_VALUES } from "@/lib/providers/schema";

export const metadata: Metadata = { title: "New identity provider" };

export default async function NewProviderPage() {
  await requirePermission("providers.write");
  const host = await portalOrigin();
  return (
    <>
      <Link href="/providers" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        ← Identity providers
      </Link>
      <div className="mt-2">
        <PageHeader title="New identity provider" description="An external OpenID Connect provider people can sign in with." />
      </div>
      <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <ProviderForm mode="create" host={host} defaultValues={NEW_PROVIDER_VALUES} />
      </div>
    </>
  );
}
