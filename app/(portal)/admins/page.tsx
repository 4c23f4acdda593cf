import type { Metadata } from "next";
import { AdminsTable } from "@/components/admins/admins-table";
import { InviteAdminButton } from "@/components/admins/invite-admin-button";
import { PageHeader } from "@/components/layout/page-header";
import { countActiveOwners, listAdmins } from "@/lib/admins/queries";
import { requirePermission } from "@/lib/auth/session";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";

export const metadata: Metadata = { title: "Admins" };

export default async function AdminsPage() {
  // Owners only: the list names every account and the page's actions change them.
  const admin = await requirePermission("admins.write");
  const [rows, activeOwners, profiles, contexts] = await Promise.all([listAdmins(), countActiveOwners(), listProfileOptions(), listProfileContextOptions()]);
  const options = { profiles, contexts };
  return (
    <>
      <PageHeader
        title="Admins"
        description="The people who run the portal, their roles and scopes of responsibility. Invite a colleague with a link they open once."
        actions={<InviteAdminButton options={options} />}
      />
      <AdminsTable rows={rows} meId={admin.id} activeOwners={activeOwners} options={options} />
    </>
  );
}
