"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import { ActionError } from "@/lib/actions/result";
import { MailError, mailSettings, sendMail } from "@/lib/notifications/email";
import { mailSettingsSchema, removeMailSettingsSchema, testMailSchema } from "./schema";
import { MAIL_TARGET, removeMailSettingsRecord, saveMailSettingsRecord } from "./service";

// The actions of /settings/mail: Owners only ("settings.write"), audited, never the password.

/** Saves the mail settings; the password is never sent back, only whether one is set. */
export const saveMailSettings = adminAction("settings.write", mailSettingsSchema, async (values, ctx) => {
  const saved = await saveMailSettingsRecord(ctx, values);
  revalidatePath("/settings/mail");
  revalidatePath("/admins");
  return saved;
});

/** Removes the saved mail settings: no mail is sent until they are set again. */
export const removeMailSettings = adminAction("settings.write", removeMailSettingsSchema, async (values, ctx) => {
  await removeMailSettingsRecord(ctx, values);
  revalidatePath("/settings/mail");
  revalidatePath("/admins");
  return { removed: true };
});

/** The result of a test mail, as the page reports it. */
export type TestMailReport = { sent: boolean; summary: string };

/**
 * Sends a test mail now to the signed-in Owner, with the settings in effect (the saved ones, or
 * SMTP_URL's): one bounded attempt, outside the outbox, audited with its outcome. No transaction: it
 * waits on the network.
 */
export const sendTestMail = adminAction(
  "settings.write",
  testMailSchema,
  async (_values, ctx): Promise<TestMailReport> => {
    const settings = await mailSettings();
    if (!settings) throw new ActionError("Save the mail settings first: no SMTP server is set.");
    const to = ctx.admin.email;
    let report: TestMailReport;
    try {
      await sendMail(
        {
          to,
          subject: "Test mail from the OIDC client portal",
          text: `This is a test mail, sent at ${ctx.actor.label}'s request from the portal's mail settings.\n\nThe portal sends invitations, password resets and secret expiry warnings through ${settings.server}.\n`,
        },
        { settings, test: true },
      );
      report = { sent: true, summary: `Sent to ${to}: ${settings.server} accepted the mail.` };
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      report = { sent: false, summary: `Not sent: ${error.message}` };
    }
    await ctx.audit({
      action: "mailSettings.testSent",
      target: MAIL_TARGET,
      changes: { to, server: settings.server, outcome: report.sent ? "sent" : "failed" },
    });
    return report;
  },
  { transaction: false },
);
