import { z } from "zod";
import { SECRET_ACTIONS } from "@/lib/providers/vocabulary";
import { MAIL_SECURITY } from "./vocabulary";

// The mail settings form of /settings/mail: the one schema of the form (zodResolver) and of its
// server action (lib/mail/actions.ts). The password is write-only: the form only says whether one
// is set, and `passwordAction` says what a save does with it (the providers' client secret pattern).

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** Why `value` is not a host the portal can connect to, or null. */
export function mailHostProblem(value: string): string | null {
  if (value.includes("://")) return "Enter only the host name, without smtp:// (e.g. smtp.example.com).";
  if (/^[^:]+:\d*$/.test(value)) return "Enter the port in the Port field, not after the host.";
  if (/\s/.test(value)) return "A host name has no spaces.";
  if (HOST_NAME.test(value) || (value.includes(":") && IPV6.test(value))) return null;
  return "Enter a host name or IP address, e.g. smtp.example.com.";
}

const ADDRESS = '[^\\s@<>"]+@[^\\s@<>"]+';
const FROM = new RegExp(`^(?:${ADDRESS}|[^<>\\r\\n]*<${ADDRESS}>)$`);

export const mailFields = z.object({
  host: z
    .string()
    .trim()
    .min(1, "Enter the SMTP server's host name.")
    .max(253, "A host name has at most 253 characters.")
    .superRefine((value, ctx) => {
      const problem = mailHostProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  port: z.coerce
    .number({ error: "Enter the port: a number from 1 to 65535." })
    .int("Enter the port: a number from 1 to 65535.")
    .min(1, "Enter the port: a number from 1 to 65535.")
    .max(65535, "Enter the port: a number from 1 to 65535."),
  security: z.enum(MAIL_SECURITY, { error: "Choose how the connection is protected." }),
  /** "" when the server takes mail without a login. */
  username: z.string().trim().max(320, "Use at most 320 characters."),
  /** A new password (passwordAction "replace"); "" otherwise. Never trimmed, never sent back. */
  password: z.string().max(500, "Use at most 500 characters."),
  passwordAction: z.enum(SECRET_ACTIONS),
  from: z
    .string()
    .trim()
    .min(1, "Enter the sender, e.g. OIDC portal <no-reply@example.com>.")
    .max(400, "Use at most 400 characters.")
    .regex(FROM, "Enter an address, or a name and an address: OIDC portal <no-reply@example.com>."),
  /** The version the form was opened on; 0 when nothing was saved yet. */
  version: z.number().int().min(0),
});

export const mailSettingsSchema = mailFields.superRefine((values, ctx) => {
  if (values.passwordAction === "replace" && values.password === "") {
    ctx.addIssue({ code: "custom", path: ["password"], message: "Enter the new password, or cancel replacing it." });
  }
  if (values.passwordAction === "replace" && values.username === "") {
    ctx.addIssue({ code: "custom", path: ["username"], message: "A password goes with a user name: enter it, or clear the password." });
  }
});

export type MailSettingsInput = z.input<typeof mailSettingsSchema>;
export type MailSettingsValues = z.output<typeof mailSettingsSchema>;

/** The form's values (port as typed). */
export type MailSettingsFormValues = Omit<MailSettingsInput, "port"> & { port: string | number };

/** "Remove the settings": the version the page shows, so a save made meanwhile is not removed unseen. */
export const removeMailSettingsSchema = z.object({ version: z.number().int().min(1) });

/** "Send a test mail" takes nothing: it uses the saved settings and the signed-in Owner's address. */
export const testMailSchema = z.object({});
