import "server-only";
import { ADMIN_LINK_MAIL, deliverAdminLinkMail } from "./admin-link-mail";
import { CHANGE_REQUEST_DIGEST_MAIL, CHANGE_REQUEST_MAIL, deliverChangeRequestDigest, deliverChangeRequestMail } from "./change-request-mail";
import type { Deliver } from "./delivery";
import { deliverSecretExpiryMail, SECRET_EXPIRY_MAIL } from "./secret-expiry";
import { deliverWebhookMessage, WEBHOOK_DELIVERY } from "./webhooks";

// Every kind of outbox message and what delivers it. A new channel is a new entry here and a
// function that enqueues it; the worker, its retries and its lease stay as they are.
export const OUTBOX_KINDS: Record<string, Deliver> = {
  [ADMIN_LINK_MAIL]: deliverAdminLinkMail,
  [SECRET_EXPIRY_MAIL]: deliverSecretExpiryMail,
  [CHANGE_REQUEST_MAIL]: deliverChangeRequestMail,
  [CHANGE_REQUEST_DIGEST_MAIL]: deliverChangeRequestDigest,
  [WEBHOOK_DELIVERY]: deliverWebhookMessage,
};

/**
 * Kinds whose message carries a sealed value, dropped when it is given up (./outbox.ts): such a
 * message cannot be retried once given up — the Owner makes a new link instead.
 */
export const SEALED_KINDS: ReadonlySet<string> = new Set([ADMIN_LINK_MAIL]);
