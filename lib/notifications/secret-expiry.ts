import "server-only";
import { ACTIVE_OWNER } from "@/lib/admins/status";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { prisma } from "@/lib/db/prisma";
import { issuer } from "@/lib/oauth/config";
import { normalizeEmail } from "@/lib/validation/email";
import { formatInstant } from "@/lib/validation/format-instant";
import { secretExpiringEvent } from "@/lib/webhooks/events";
import { UndeliverableError, type Deliver } from "./delivery";
import { mailEnabled, sendMail } from "./email";
import { enqueue, wakeOutbox } from "./outbox";
import { anyWebhookEndpoint, enqueueWebhookEvent } from "./webhooks";

// Warnings before a client or scope secret expires: 30, 7 and 1 days before, by mail to the active
// Owners and to the emails among the client's owners and contacts, and as a "secret.expiring"
// webhook to the endpoints subscribed to it. A periodic scan (every SECRET_EXPIRY_SCAN_MS, in each
// instance) writes one outbox message per (secret, expiry, threshold) — and per endpoint for
// webhooks — under a dedupe key, so each warning goes once, whichever instance finds it first. A
// mail names the secret's description and dates, never its value, hash or hint; a webhook names
// it by id, hint and description.

export const SECRET_EXPIRY_MAIL = "email.secretExpiry";

/** Days before the expiry at which a warning goes out. */
export const EXPIRY_WARNING_DAYS = [30, 7, 1] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The warning due for a secret expiring at `expiresAt`: the smallest threshold it is within, or null. */
export function expiryThreshold(expiresAt: Date, now: Date): number | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const within = EXPIRY_WARNING_DAYS.filter((days) => left <= days * DAY_MS);
  return within.length ? Math.min(...within) : null;
}

/** One warning per secret, expiry and threshold. */
export const expiryDedupeKey = (secretId: string, expiresAt: Date, days: number) => `secret-expiry:${secretId}:${expiresAt.toISOString()}:${days}d`;

/** The dedupe key of one endpoint's webhook for a warning (the mail's key, per endpoint). */
export const expiryWebhookDedupeKey = (mailKey: string, endpointId: string) => `${mailKey}:webhook:${endpointId}`;

/**
 * Writes the warnings that are due and not written yet, by mail when it is on (SMTP_URL or
 * /settings/mail) and to the webhooks subscribed to "secret.expiring"; returns how many it wrote.
 * The secrets of disabled clients are left out (nothing uses them), as are revoked ones.
 */
export async function scanSecretExpiry(now = new Date(), db: Db = prisma, { mail }: { mail?: boolean } = {}): Promise<number> {
  mail ??= await mailEnabled();
  const webhooks = await anyWebhookEndpoint(db);
  if (!mail && !webhooks) return 0;
  const horizon = new Date(now.getTime() + Math.max(...EXPIRY_WARNING_DAYS) * DAY_MS);
  const secrets = await db.secret.findMany({
    where: {
      revokedAt: null,
      expiresAt: { gt: now, lte: horizon },
      OR: [{ client: { enabled: true } }, { scopeId: { not: null } }],
    },
    select: {
      id: true,
      expiresAt: true,
      hint: true,
      description: true,
      client: { select: { id: true, clientId: true } },
      scope: { select: { id: true, name: true } },
    },
  });
  let written = 0;
  for (const secret of secrets) {
    const expiresAt = secret.expiresAt!;
    const days = expiryThreshold(expiresAt, now);
    if (days === null) continue;
    const dedupeKey = expiryDedupeKey(secret.id, expiresAt, days);
    try {
      written += await db.$transaction(async (tx) => {
        let count = 0;
        if (
          mail &&
          (await enqueue({ tx }, { kind: SECRET_EXPIRY_MAIL, payload: { secretId: secret.id, expiresAt: expiresAt.toISOString(), days }, dedupeKey }, now))
        )
          count++;
        if (webhooks) {
          const owner = secret.client
            ? { type: "client" as const, id: secret.client.id, label: secret.client.clientId }
            : { type: "scope" as const, id: secret.scope?.id ?? "", label: secret.scope?.name ?? "" };
          const event = secretExpiringEvent({ id: secret.id, hint: secret.hint, description: secret.description, expiresAt }, owner, now);
          count += await enqueueWebhookEvent({ tx }, event, (endpointId) => expiryWebhookDedupeKey(dedupeKey, endpointId));
        }
        return count;
      });
    } catch (error) {
      // Another instance wrote the same warning at the same moment (PostgreSQL): it is there.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (written) wakeOutbox();
  return written;
}

/** Emails among a client's owners and contacts (the rest are names of people or teams). */
function emailsIn(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string" && v.includes("@")).map(normalizeEmail) : [];
}

/** Sends the warning to whoever is responsible now, unless the secret changed since (revoked, new expiry, deleted). */
export const deliverSecretExpiryMail: Deliver = async ({ payload }) => {
  const { secretId, expiresAt, days } = payload;
  if (typeof secretId !== "string" || typeof expiresAt !== "string" || typeof days !== "number") throw new UndeliverableError("The message is incomplete.");
  const secret = await prisma.secret.findUnique({
    where: { id: secretId },
    select: {
      description: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      client: { select: { id: true, clientId: true, displayName: true, owners: true, contacts: true } },
      scope: { select: { id: true, name: true } },
    },
  });
  if (!secret) return { skipped: "the secret was deleted" };
  if (secret.revokedAt) return { skipped: "the secret was revoked" };
  if (secret.expiresAt?.toISOString() !== expiresAt) return { skipped: "the secret's expiry changed" };
  const owners = await prisma.adminUser.findMany({ where: ACTIVE_OWNER, select: { email: true }, orderBy: { email: "asc" } });
  const to = [...new Set([...owners.map((o) => o.email), ...(secret.client ? [...emailsIn(secret.client.owners), ...emailsIn(secret.client.contacts)] : [])])];
  if (to.length === 0) return { skipped: "nobody to tell (no active Owner, no email among the owners and contacts)" };
  await sendMail({ to, ...secretExpiryMailText({ ...secret, expiresAt: secret.expiresAt, days }) });
};

/** The warning's subject and text (exported for tests). */
export function secretExpiryMailText(secret: {
  description: string;
  createdAt: Date;
  expiresAt: Date;
  days: number;
  client: { id: string; clientId: string; displayName: string } | null;
  scope: { id: string; name: string } | null;
}): { subject: string; text: string } {
  const within = secret.days === 1 ? "1 day" : `${secret.days} days`;
  const what = secret.client ? `the client ${secret.client.clientId}` : `the scope ${secret.scope?.name ?? "(deleted)"}`;
  const page = secret.client ? `${issuer()}/clients/${secret.client.id}` : `${issuer()}/scopes/${secret.scope?.id ?? ""}`;
  return {
    subject: `A secret of ${what} expires within ${within}`,
    text: [
      `A secret of ${what}${secret.client && secret.client.displayName !== secret.client.clientId ? ` (${secret.client.displayName})` : ""} expires on ${formatInstant(secret.expiresAt)}.`,
      `The secret: ${secret.description ? `"${secret.description}"` : "no description"}, created ${formatInstant(secret.createdAt)}.`,
      "",
      "To change it without downtime, add a new secret, move the callers to it, then revoke this one:",
      page,
      "",
      `You get this mail as an Owner of the portal${secret.client ? ", or as an owner or contact of the client" : ""}. Warnings go out 30 days, 7 days and 1 day before a secret expires.`,
    ].join("\n"),
  };
}
