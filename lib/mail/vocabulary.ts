// The words of the mail settings, without zod: the form's client code imports them on the first load
// (components/ui/first-load.test.ts); the schema (./schema.ts) is fetched at the first interaction.

import type { MailSettingsFormValues } from "./schema";

/** How the connection to the SMTP server is protected. */
export const MAIL_SECURITY = ["starttls", "tls", "none"] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** The choices as an admin reads them, with the port each usually goes with. */
export const MAIL_SECURITY_LABELS: Record<MailSecurity, string> = {
  starttls: "STARTTLS (usually port 587)",
  tls: "TLS from the start, SMTPS (usually port 465)",
  none: "None: unencrypted (usually port 25)",
};

/** The port each security choice usually goes with (the form suggests it). */
export const MAIL_SECURITY_PORTS: Record<MailSecurity, number> = { starttls: 587, tls: 465, none: 25 };

/** The form with nothing saved: STARTTLS on its usual port. */
export const EMPTY_MAIL_SETTINGS: MailSettingsFormValues = {
  host: "",
  port: String(MAIL_SECURITY_PORTS.starttls),
  security: "starttls",
  username: "",
  password: "",
  passwordAction: "keep",
  from: "",
  version: 0,
};
