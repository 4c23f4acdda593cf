import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { issuer } from "@/lib/oauth/config";

// Mail through SMTP (nodemailer): SMTP_URL names the server, SMTP_FROM the sender. Without SMTP_URL
// the portal sends no mail and shows invitation and reset links once, as before. Only the outbox
// worker sends (lib/notifications/outbox.ts); nothing here logs a message's body.

type Env = Record<string, string | undefined>;

export type MailSettings = { url: string; from: string };

/** The SMTP settings, or null when SMTP_URL is not set. A malformed URL stops the start. */
export function mailSettings(env: Env = process.env): MailSettings | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  if (!URL.canParse(url) || !["smtp:", "smtps:"].includes(new URL(url).protocol)) {
    // The value itself is not repeated: it may hold the SMTP password.
    throw new Error("SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587.");
  }
  const from = env.SMTP_FROM?.trim() || `OIDC client portal <no-reply@${new URL(issuer(env)).hostname}>`;
  return { url, from };
}

/** Whether the portal sends mail (SMTP_URL is set). */
export function mailEnabled(env: Env = process.env): boolean {
  return mailSettings(env) !== null;
}

export type Mail = { to: string | string[]; subject: string; text: string };

/** Thrown when a mail was not accepted; its message is fit for OutboxMessage.lastError. */
export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailError";
  }
}

let cached: { url: string; transport: Transporter } | undefined;

function transport(url: string): Transporter {
  if (cached?.url !== url) {
    cached?.transport.close();
    // Every wait is bounded, well inside the outbox's lease (OUTBOX_LEASE_MS).
    cached = { url, transport: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) };
  }
  return cached.transport;
}

/**
 * What a failure may say: nodemailer's code, the SMTP reply code and the first line of the server's
 * reply — not nodemailer's whole message, and never the SMTP URL (its password).
 */
function describeFailure(error: unknown, url: string): string {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [typeof e.code === "string" ? e.code : "", typeof e.responseCode === "number" ? String(e.responseCode) : ""].filter(Boolean);
  const reply = typeof e.response === "string" ? e.response.split(/\r?\n/)[0] : typeof e.message === "string" ? e.message.split(/\r?\n/)[0] : "";
  let text = `SMTP: ${[parts.join(" "), reply].filter(Boolean).join(": ") || "the mail was not accepted"}`;
  const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : "";
  if (password) text = text.split(password).join("[redacted]");
  return text.slice(0, 300);
}

/** Sends one mail (text only); throws MailError when the server does not accept it. */
export async function sendMail(mail: Mail, env: Env = process.env): Promise<void> {
  const settings = mailSettings(env);
  if (!settings) throw new MailError("SMTP_URL is not set: the portal sends no mail.");
  try {
    const info = await transport(settings.url).sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    const accepted = (info.accepted ?? []).length;
    if (accepted === 0) throw Object.assign(new Error("no recipient was accepted"), { response: info.response });
  } catch (error) {
    throw new MailError(describeFailure(error, settings.url));
  }
}
