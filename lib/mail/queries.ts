import "server-only";
import { prisma } from "@/lib/db/prisma";
import { environmentMailSettings } from "@/lib/notifications/email";
import type { MailSecurity } from "./vocabulary";
import { MAIL_SETTING_ID } from "./stored";

/** What /settings/mail shows: never the password, only whether one is set. */
export type MailSettingsView = {
  /** SMTP_URL is set: it wins, and the page is read-only. */
  environment: {
    host: string;
    port: number;
    /** smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when the server offers it. */
    security: Extract<MailSecurity, "tls" | "starttls">;
    securityText: string;
    username: string;
    hasPassword: boolean;
    from: string;
    server: string;
  } | null;
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
    const tls = url.protocol === "smtps:";
    environment = {
      host: url.hostname,
      port: Number(env.server.slice(env.server.lastIndexOf(":") + 1)),
      server: env.server,
      from: env.from,
      security: tls ? "tls" : "starttls",
      securityText: tls ? "TLS from the start (smtps://)" : "STARTTLS when the server offers it (smtp://)",
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
