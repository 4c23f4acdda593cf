import "server-only";
import { prisma } from "@/lib/db/prisma";
import { environmentMailSettings } from "@/lib/notifications/email";
import type { MailSecurity } from "./schema";
import { MAIL_SETTING_ID } from "./stored";

/** What /settings/mail shows: never the password, only whether one is set. */
export type MailSettingsView = {
  /** SMTP_URL is set: it wins, and the page is read-only. */
  environment: { server: string; from: string; security: string; username: string; hasPassword: boolean } | null;
  saved: {
    host: string;
    port: number;
    security: MailSecurity;
    username: string;
    from: string;
    hasPassword: boolean;
    version: number;
    updatedAt: Date;
    updatedBy: string;
  } | null;
};

/** The page's view of the mail settings: the environment's (read from SMTP_URL) and the saved ones. */
export async function getMailSettingsView(): Promise<MailSettingsView> {
  const row = await prisma.mailSetting.findUnique({ where: { id: MAIL_SETTING_ID }, omit: { passwordEncrypted: false } });
  const env = environmentMailSettings();
  let environment: MailSettingsView["environment"] = null;
  if (env && typeof env.transport === "string") {
    const url = new URL(env.transport);
    environment = {
      server: env.server,
      from: env.from,
      security: url.protocol === "smtps:" ? "TLS from the start (smtps://)" : "STARTTLS when the server offers it (smtp://)",
      username: decodeURIComponent(url.username),
      hasPassword: env.password !== "",
    };
  }
  return {
    environment,
    saved: row
      ? {
          host: row.host,
          port: row.port,
          security: row.security as MailSecurity,
          username: row.username,
          from: row.fromAddress,
          hasPassword: row.passwordEncrypted !== null,
          version: row.version,
          updatedAt: row.updatedAt,
          updatedBy: row.updatedBy,
        }
      : null,
  };
}
