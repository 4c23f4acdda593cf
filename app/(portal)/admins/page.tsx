import type { Metadata } from "next";
import { AdminsTable } from "@/components/admins/admins-table";
import { InviteAdminButton } from "@/components/admins/invite-admin-button";
import { PageHeader } from "@/components/layout/page-header";
import { MfaRequirementForm } from "@/components/mfa/mfa-requirement-form";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { environmentMfaLevel } from "@/lib/mfa/requirement";
import { currentMfaLevel } from "@/lib/mfa/service";
import { countActiveOwners, listAdmins } from "@/lib/admins/queries";
import { requirePermission } from "@/lib/auth/session";
import { mailEnabled } from "@/lib/notifications/email";
import { listProfileContextOptions, listProfileOptions } from "@/lib/profiles/queries";

export const metadata: Metadata = { title: "Admins" };

export default async function AdminsPage() {
  // Owners only: the list names every account and the page's actions change them.
  const admin = await requirePermission("admins.write");
  const [rows, activeOwners, profiles, contexts, mfaLevel] = await Promise.all([
    listAdmins(),
    countActiveOwners(),
    listProfileOptions(),
    listProfileContextOptions(),
    currentMfaLevel(prisma as unknown as Tx),
  ]);
  const options = { profiles, contexts, sendsMail: await mailEnabled() };
  return (
    <>
      <PageHeader
        title="Admins"
        description={`The people who run the portal, their roles and scopes of responsibility. Invite a colleague with a link they open once${options.sendsMail ? ", sent to them by email" : ""}.`}
        actions={<InviteAdminButton options={options} />}
      />
      <AdminsTable rows={rows} meId={admin.id} activeOwners={activeOwners} options={options} />
      <section
        aria-labelledby="mfa-requirement"
        className="mt-6 max-w-xl rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="mfa-requirement" className="font-medium">
          Two-step sign-in
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600 dark:text-slate-400">
          Who must add an authenticator app after their password. An admin who must and has none enrols right after the password.
        </p>
        <MfaRequirementForm level={mfaLevel} floor={environmentMfaLevel()} />
      </section>
    </>
  );
}
