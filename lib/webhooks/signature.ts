import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks, symmetric scheme (https://www.standardwebhooks.com, spec "Signature scheme"):
// the secret is `whsec_` + base64 of 24–64 random bytes; the signature is
// `v1,` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), the key being the
// base64-decoded part of the secret. docs/decisions/025-webhooks.md says why the portal keeps the
// secret encrypted rather than hashed.

export const SECRET_PREFIX = "whsec_";
/** 32 random bytes: within the spec's 24–64 and the key size of HMAC-SHA256. */
const SECRET_BYTES = 32;

/** A new signing secret in the Standard Webhooks format. */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** The HMAC key of a `whsec_…` secret. */
function keyOf(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  if (key.length === 0) throw new Error("A webhook signing secret cannot be empty.");
  return key;
}

/** The `webhook-signature` value for one message: `v1,<base64 HMAC-SHA256>`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`, "utf8").digest("base64");
  return `v1,${mac}`;
}

/** A new webhook-id: `msg_` and 128 random bits (no "." — the id is part of what is signed). */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

/** The three headers of one attempt (the timestamp is the attempt's, in seconds). */
export function webhookHeaders(secret: string, id: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
  };
}
