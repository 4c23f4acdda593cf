import type { Metadata } from "next";
import { MailSettingsForm } from "@/components/form-islands";
import { PageHeader } from "@/components/layout/page-header";
import { DateTime } from "@/components/ui/date-time";
import { requirePermission } from "@/lib/auth/session";
import { getMailSettingsView } from "@/lib/mail/queries";
import type { MailSettingsFormValues } from "@/lib/mail/schema";
import { EMPTY_MAIL_SETTINGS as EMPTY } from "@/lib/mail/vocabulary";

export const metadata: Metadata = { title: "Mail" };

export default async function MailSettingsPage() {
  // Owners only: the SMTP server and its password.
  const admin = await requirePermission("settings.write");
  const { environment, saved } = await getMailSettingsView();

  let defaultValues: MailSettingsFormValues = EMPTY;
  let hasPassword = false;
  if (environment) {
    const { host, port, security, username, from } = environment;
    defaultValues = { ...EMPTY, host, port: String(port), security, username, from };
    hasPassword = environment.hasPassword;
  } else if (saved) {
    defaultValues = { ...saved, port: String(saved.port), password: "", passwordAction: "keep" };
    hasPassword = saved.hasPassword;
  }

  return (
    <>
      <PageHeader
        title="Mail"
        description="The SMTP server the portal sends invitations, password resets and secret expiry warnings through. Without one, invitation and reset links are shown to you once, to hand over yourself."
      />
      <div className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <p data-testid="mail-state" className="mb-6 text-sm text-slate-600 dark:text-slate-400">
          {environment ? (
            <>
              <span className="font-medium text-slate-800 dark:text-slate-200">In use: SMTP_URL from the environment</span> ({environment.server},{" "}
              {environment.securityText}). It overrides this page.
            </>
          ) : saved ? (
            <>
              <span className="font-medium text-slate-800 dark:text-slate-200">In use: the settings below.</span> Saved by {saved.updatedBy},{" "}
              <DateTime value={saved.updatedAt} />.
            </>
          ) : (
            <>
              <span className="font-medium text-slate-800 dark:text-slate-200">No mail is sent</span>: no SMTP server is set. Links are shown once to the Owner
              who makes them.
            </>
          )}
        </p>
        <MailSettingsForm
          defaultValues={defaultValues}
          hasPassword={hasPassword}
          readOnly={
            environment
              ? "SMTP_URL is set in the portal's environment and overrides this page: these are its values. Change the environment to change them, or remove SMTP_URL (and SMTP_FROM) to set the server here."
              : null
          }
          ownEmail={admin.email}
          saved={environment !== null || saved !== null}
        />
      </div>
    </>
  );
}
