import "server-only";
import { hashLinkToken, linkState } from "@/lib/admins/links";
import { prisma } from "@/lib/db/prisma";
import { formatInstant } from "@/lib/validation/format-instant";
import { UndeliverableError, type Deliver } from "./delivery";
import { sendMail } from "./email";
import { enqueue, type EnqueueContext } from "./outbox";

// The invitation and password-reset mail. The link is the credential: it is sealed in the outbox row
// (./outbox.ts), appears in clear only in the mail itself, and is removed from the row once sent.

export const ADMIN_LINK_MAIL = "email.adminLink";

export type AdminLinkMail = {
  to: string;
  name: string;
  kind: "invitation" | "password_reset";
  url: string;
  expiresAt: Date;
  /** Who made the link (the actor's label, an email). */
  by: string;
};

/** Writes the mail into the outbox, in the transaction that made the link. */
export function enqueueAdminLinkMail(ctx: EnqueueContext, mail: AdminLinkMail) {
  return enqueue(ctx, {
    kind: ADMIN_LINK_MAIL,
    payload: { to: mail.to, name: mail.name, kind: mail.kind, expiresAt: mail.expiresAt.toISOString(), by: mail.by },
    sealed: { url: mail.url },
  });
}

/** The mail's subject and text (exported for tests). */
export function adminLinkMailText(mail: AdminLinkMail): { subject: string; text: string } {
  const origin = new URL(mail.url).origin;
  const until = formatInstant(mail.expiresAt);
  if (mail.kind === "invitation") {
    return {
      subject: "Your invitation to the OIDC client portal",
      text: [
        `Hello ${mail.name},`,
        "",
        `${mail.by} invited you to the OIDC client portal at ${origin}.`,
        `Open this link to choose your password (it works once, until ${until}):`,
        "",
        mail.url,
        "",
        "If you did not expect this invitation, ignore this mail: nothing happens without the link.",
      ].join("\n"),
    };
  }
  return {
    subject: "Reset your password for the OIDC client portal",
    text: [
      `Hello ${mail.name},`,
      "",
      `${mail.by} sent you a link to choose a new password for the OIDC client portal at ${origin}.`,
      `It works once, until ${until}; your other sessions end when you use it:`,
      "",
      mail.url,
      "",
      "If you did not ask for this, tell an Owner of the portal.",
    ].join("\n"),
  };
}

/** Sends the mail, unless the link stopped working meanwhile (revoked, replaced, used, expired). */
export const deliverAdminLinkMail: Deliver = async ({ payload, sealed, now }) => {
  const { to, name, kind, expiresAt, by } = payload;
  const url = sealed.url;
  if (
    typeof to !== "string" ||
    typeof name !== "string" ||
    (kind !== "invitation" && kind !== "password_reset") ||
    typeof expiresAt !== "string" ||
    typeof by !== "string" ||
    !url
  ) {
    throw new UndeliverableError("The message is incomplete.");
  }
  const token = url.split("/invitation/")[1] ?? "";
  const link = await prisma.adminToken.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { expiresAt: true, usedAt: true, revokedAt: true, admin: { select: { disabledAt: true } } },
  });
  const state = linkState(link, now);
  if (state !== "valid") return { skipped: `the link is ${state === "unknown" ? "gone" : state}` };
  await sendMail({ to, ...adminLinkMailText({ to, name, kind, url, expiresAt: new Date(expiresAt), by }) });
};
