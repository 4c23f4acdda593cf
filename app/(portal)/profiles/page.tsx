import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { ProfileContextsSection } from "@/components/profiles/profile-contexts-section";
import { ProfilesSection } from "@/components/profiles/profiles-section";
import { requirePermission } from "@/lib/auth/session";
import { listProfileContextsWithUsage, listProfilesWithUsage } from "@/lib/profiles/queries";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage() {
  await requirePermission("profiles.read");
  const [profiles, contexts] = await Promise.all([listProfilesWithUsage(), listProfileContextsWithUsage()]);
  return (
    <>
      <PageHeader title="Profiles" description="Profiles and profile contexts bound what a client may do." />
      <div className="space-y-10">
        <ProfilesSection profiles={profiles} />
        <ProfileContextsSection contexts={contexts} />
      </div>
    </>
  );
}
