import type { Metadata } from "next";
import { AccountNameForm, ChangePasswordForm } from "@/components/admins/account-forms";
import { PageHeader } from "@/components/layout/page-header";
import { AccountFactors } from "@/components/mfa/account-factors";
import { FormSection } from "@/components/ui/form-section";
import { accountOf } from "@/lib/admins/queries";
import { signInMethodLabel } from "@/lib/admins/status";
import { requirePermission } from "@/lib/auth/session";
import { accountFactors } from "@/lib/mfa/queries";
import { DateTime } from "@/components/ui/date-time";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const admin = await requirePermission("account.write");
  const [account, mfa] = await Promise.all([accountOf(admin.id), accountFactors(admin)]);
  return (
    <>
      <PageHeader
        title="Your account"
        description="Your name, password and second factors. An Owner changes roles and scopes of responsibility on the Admins page."
      />
      <div className="max-w-3xl space-y-6 rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-500 dark:text-slate-400">Email</dt>
          <dd className="break-all">{account.email}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Role</dt>
          <dd data-testid="account-role">{admin.role}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Scope</dt>
          <dd>
            {account.profileContext
              ? `${account.profileContext.category} / ${account.profileContext.d0} (${account.profileContext.id}), profile ${account.profile?.displayName ?? "—"}`
              : "Everything your role allows"}
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">Last sign-in</dt>
          <dd>
            {account.lastSignInAt ? (
              <>
                <DateTime value={account.lastSignInAt} /> ({signInMethodLabel(account.lastSignInMethod)})
              </>
            ) : (
              "—"
            )}
          </dd>
        </dl>
        <FormSection title="Name" description="Shown in the portal; the audit log names you by email.">
          <AccountNameForm name={account.name} />
        </FormSection>
        <FormSection title="Identity providers" description="Your accounts at identity providers, linked at your first sign-in through each.">
          {account.identities.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              No account is linked yet. Your first sign-in through an identity provider links the account it comes with.
            </p>
          ) : (
            <>
              <ul aria-label="Linked identity providers" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {account.identities.map((identity) => (
                  <li key={identity.id} className="py-2">
                    <span className="font-medium">{identity.providerName}</span>
                    <span className="block text-xs break-all text-slate-600 dark:text-slate-400">
                      {identity.issuer} · subject {identity.subject}
                    </span>
                    <span className="block text-xs text-slate-500 dark:text-slate-400">
                      linked <DateTime value={identity.createdAt} />, last used <DateTime value={identity.lastUsedAt} />
                    </span>
                  </li>
                ))}
              </ul>
              <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
                A linked account signs you in whatever email it carries, and no other account of that provider can. If you get a new account there, ask an Owner
                to remove the link on the Admins page.
              </p>
            </>
          )}
        </FormSection>
        <FormSection title="Password" description="Changing it signs you out everywhere else.">
          {account.hasPassword ? (
            <ChangePasswordForm email={account.email} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              You sign in through an identity provider and have no password here. If you need one, ask an Owner for a password-reset link: a session alone is
              not enough to add a password, so a stolen session cannot create a second way in.
            </p>
          )}
        </FormSection>
        <FormSection
          title="Two-step sign-in"
          description="An authenticator app or a passkey proves it is you after your password. Recovery codes stand in for a lost factor, once each."
        >
          <AccountFactors email={account.email} {...mfa} />
        </FormSection>
      </div>
    </>
  );
}
