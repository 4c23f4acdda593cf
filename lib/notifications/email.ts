import "server-only";
import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Tx } from "@/lib/db/client";
import { storedMail, type StoredMail } from "@/lib/mail/stored";
import { issuer } from "@/lib/oauth/config";

// Mail through SMTP (nodemailer). The server is SMTP_URL (sender SMTP_FROM) when the environment sets
// it, else the setting an Owner saved at /settings/mail; with neither the portal sends no mail and
// shows invitation and reset links once, as before (docs/decisions/027). Only the outbox worker
// sends, and "Send a test mail"; nothing here logs a message's body or the password.

type Env = Record<string, string | undefined>;

export type MailSettings = {
  /** Where the settings come from: the environment (SMTP_URL) wins over the page. */
  source: "environment" | "page";
  /** nodemailer's transport: the SMTP URL, or the page's options. */
  transport: string | SMTPTransport.Options;
  from: string;
  /** host:port, for log lines and the page. */
  server: string;
  /** The password, to cut out of failure messages ("" when none). */
  password: string;
};

/** The environment's SMTP settings (SMTP_URL, SMTP_FROM), or null. A malformed URL stops the start. */
export function environmentMailSettings(env: Env = process.env): MailSettings | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  if (!URL.canParse(url) || !["smtp:", "smtps:"].includes(new URL(url).protocol)) {
    // The value itself is not repeated: it may hold the SMTP password.
    throw new Error("SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587.");
  }
  const parsed = new URL(url);
  const from = env.SMTP_FROM?.trim() || `OIDC client portal <no-reply@${new URL(issuer(env)).hostname}>`;
  const port = parsed.port || (parsed.protocol === "smtps:" ? "465" : "587");
  return { source: "environment", transport: url, from, server: `${parsed.hostname}:${port}`, password: decodeURIComponent(parsed.password) };
}

/** The page's settings as nodemailer's options. */
function pageMailSettings(stored: StoredMail): MailSettings {
  const options: SMTPTransport.Options = {
    host: stored.host,
    port: stored.port,
    secure: stored.security === "tls",
    requireTLS: stored.security === "starttls",
    ignoreTLS: stored.security === "none",
    ...(stored.username ? { auth: { user: stored.username, pass: stored.password ?? "" } } : {}),
  };
  return { source: "page", transport: options, from: stored.from, server: `${stored.host}:${stored.port}`, password: stored.password ?? "" };
}

/**
 * The SMTP settings in effect: the environment's (SMTP_URL) when set, else the page's, else null.
 * `tx`: read the page's setting in that transaction (past the cache).
 */
export async function mailSettings({ env = process.env, tx }: { env?: Env; tx?: Tx } = {}): Promise<MailSettings | null> {
  const fromEnv = environmentMailSettings(env);
  if (fromEnv) return fromEnv;
  const stored = await storedMail(tx);
  return stored ? pageMailSettings(stored) : null;
}

/** Whether the portal sends mail (SMTP_URL is set, or an Owner saved the mail settings). */
export async function mailEnabled(options: { env?: Env; tx?: Tx } = {}): Promise<boolean> {
  return (await mailSettings(options)) !== null;
}

export type Mail = { to: string | string[]; subject: string; text: string };

/** Thrown when a mail was not accepted; its message is fit for OutboxMessage.lastError. */
export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailError";
  }
}

// Every wait is bounded, well inside the outbox's lease (OUTBOX_LEASE_MS).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
/** "Send a test mail": the Owner waits for the answer, so shorter still. */
const TEST_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

function createTransport(transport: MailSettings["transport"], timeouts: typeof TIMEOUTS): Transporter {
  return typeof transport === "string"
    ? nodemailer.createTransport({ url: transport, ...timeouts })
    : nodemailer.createTransport({ ...transport, ...timeouts });
}

let cached: { key: string; transport: Transporter } | undefined;

/** The worker's transport, kept while the settings stay the same (keyed by their digest). */
function transportFor(settings: MailSettings): Transporter {
  const key = createHash("sha256").update(JSON.stringify(settings.transport)).digest("hex");
  if (cached?.key !== key) {
    cached?.transport.close();
    cached = { key, transport: createTransport(settings.transport, TIMEOUTS) };
  }
  return cached.transport;
}

/**
 * What a failure may say: nodemailer's code, the SMTP reply code and the first line of the server's
 * reply — not nodemailer's whole message, and never the password.
 */
function describeFailure(error: unknown, password: string): string {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [typeof e.code === "string" ? e.code : "", typeof e.responseCode === "number" ? String(e.responseCode) : ""].filter(Boolean);
  const reply = typeof e.response === "string" ? e.response.split(/\r?\n/)[0] : typeof e.message === "string" ? e.message.split(/\r?\n/)[0] : "";
  let text = `SMTP: ${[parts.join(" "), reply].filter(Boolean).join(": ") || "the mail was not accepted"}`;
  for (const secret of password ? [password, encodeURIComponent(password)] : []) text = text.split(secret).join("[redacted]");
  return text.slice(0, 300);
}

/**
 * Sends one mail (text only) with the settings in effect (or `settings`); throws MailError when the
 * server does not accept it. `test`: a connection of its own with shorter timeouts, closed after.
 */
export async function sendMail(mail: Mail, { settings, test = false }: { settings?: MailSettings | null; test?: boolean } = {}): Promise<void> {
  const effective = settings === undefined ? await mailSettings() : settings;
  if (!effective) throw new MailError("No SMTP server is set (SMTP_URL or /settings/mail): the portal sends no mail.");
  const transport = test ? createTransport(effective.transport, TEST_TIMEOUTS) : transportFor(effective);
  try {
    const info = await transport.sendMail({ from: effective.from, to: mail.to, subject: mail.subject, text: mail.text });
    const accepted = (info.accepted ?? []).length;
    if (accepted === 0) throw Object.assign(new Error("no recipient was accepted"), { response: info.response });
  } catch (error) {
    throw new MailError(describeFailure(error, effective.password));
  } finally {
    if (test) transport.close();
  }
}
