import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { ProfileContextsSection } from "@/components/profiles/profile-contexts-section";
import { ProfilesSection } from "@/components/profiles/profiles-section";
import { ReadOnly } from "@/components/ui/read-only";
import { can, refusalMessage } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listProfileContextsWithUsage, listProfilesWithUsage } from "@/lib/profiles/queries";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage() {
  const admin = await requirePermission("profiles.read");
  const [profiles, contexts] = await Promise.all([listProfilesWithUsage(), listProfileContextsWithUsage()]);
  return (
    <>
      <PageHeader title="Profiles" description="Profiles and profile contexts bound what a client may do." />
      <ReadOnly when={!can(admin, "profiles.write")} reason={refusalMessage(admin, "profiles.write")}>
        <div className="space-y-10">
          {/* Four-eyes binds Editors and Owners alike: only an unbound Owner switches it (docs/decisions/030). */}
          <ProfilesSection profiles={profiles} mayGovern={admin.role === "Owner" && admin.reach.kind === "all"} />
          <ProfileContextsSection contexts={contexts} />
        </div>
      </ReadOnly>
    </>
  );
}
