import "server-only";
import { ACTIVE_OWNER } from "@/lib/admins/status";
import type { Actor } from "@/lib/audit/audit";
import { can, ROLES, type Principal } from "@/lib/auth/permissions";
import { adminPower, powerWithin } from "@/lib/auth/power";
import { changeRequestPath } from "@/lib/change-requests/links";
import { isRequestWithin } from "@/lib/change-requests/queries";
import type { ChangeKind } from "@/lib/change-requests/schema";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { issuer } from "@/lib/oauth/config";
import { UndeliverableError, type Deliver } from "./delivery";
import { mailEnabled, sendMail } from "./email";
import { enqueue, type EnqueueContext } from "./outbox";

// Four-eyes mail (docs/decisions/030): when a change request waits, the admins who may decide it
// are told; when it is decided (approved, rejected, stale), its author is. Written in the request's
// own transaction (the outbox, ADR 022), one message per recipient, only when mail is on. A mail
// names the client's client_id, the kind of change and who acted, with a link to the request:
// never the diff, the reason, a comment or a secret (the request page shows them to whoever may
// see them).

export const CHANGE_REQUEST_MAIL = "email.changeRequest";

export type RequestNotice = "waiting" | "approved" | "rejected" | "stale";

/** What the mail needs of a request (never its payload beyond client_id and kind). */
export type NoticeRequest = {
  id: string;
  kind: string;
  clientLabel: string;
  profileContextId: number | null;
  authorType: string;
  authorId: string;
  /** The client's admin API power before and after the change (Proposal.powers): a decider holds each. */
  powers?: Principal[];
};

/** Roles that may decide on a request (the permission table's clients.write). */
const DECIDING_ROLES = ROLES.filter((role) => can({ role, reach: { kind: "all" } }, "clients.write"));

/**
 * The admins who may decide on `request`: active (not disabled, invitation accepted), a role that
 * holds clients.write, the request within their reach, the client's admin API power within theirs
 * (an Editor cannot approve a change to a client that holds Owner access), and not its author.
 */
export async function decidersOf(tx: Tx, request: NoticeRequest): Promise<string[]> {
  const admins = await tx.adminUser.findMany({
    // Active as ACTIVE_OWNER says (not disabled, invitation accepted), of any deciding role.
    where: { ...ACTIVE_OWNER, role: { in: DECIDING_ROLES } },
    select: { id: true, email: true, role: true, profileId: true, profileContextId: true },
    orderBy: { email: "asc" },
  });
  return admins
    .filter((admin) => !(request.authorType === "admin" && request.authorId === admin.id))
    .filter((admin) => {
      const power = adminPower(admin);
      return can(power, "clients.write") && isRequestWithin(power.reach, request) && (request.powers ?? []).every((p) => powerWithin(p, power));
    })
    .map((admin) => admin.email);
}

/** The author's address when they are an active admin (an API client has none: it reads GET /change-requests/{id}). */
async function authorOf(tx: Tx, request: NoticeRequest): Promise<string[]> {
  if (request.authorType !== "admin") return [];
  const author = await tx.adminUser.findUnique({ where: { id: request.authorId }, select: { email: true, disabledAt: true } });
  return author && !author.disabledAt ? [author.email] : [];
}

/**
 * Writes the mails of `notice` about `request` in the caller's transaction, when mail is on:
 * "waiting" to the deciders, a decision to the author. `by`: who proposed or decided.
 */
export async function enqueueChangeRequestMails(ctx: EnqueueContext, request: NoticeRequest, notice: RequestNotice, by: Actor) {
  if (!(await mailEnabled({ tx: ctx.tx }))) return;
  const recipients = notice === "waiting" ? await decidersOf(ctx.tx, request) : await authorOf(ctx.tx, request);
  for (const to of recipients) {
    await enqueue(ctx, {
      kind: CHANGE_REQUEST_MAIL,
      payload: { to, notice, requestId: request.id, kind: request.kind, clientId: request.clientLabel, by: by.label },
      dedupeKey: `change-request:${request.id}:${notice}:${to}`,
    });
  }
}

const KIND_WORDS: Record<ChangeKind, string> = {
  create: "create it",
  update: "change its settings",
  disable: "disable it",
  enable: "enable it",
  delete: "delete it",
  newSecret: "add a secret",
  rotate: "rotate a secret",
};

export type ChangeRequestMail = { notice: RequestNotice; requestId: string; kind: string; clientId: string; by: string };

/** The mail's subject and text (exported for tests). */
export function changeRequestMailText(mail: ChangeRequestMail): { subject: string; text: string } {
  const what = KIND_WORDS[mail.kind as ChangeKind] ?? mail.kind;
  const link = `${issuer()}${changeRequestPath(mail.requestId)}`;
  const client = `the client ${mail.clientId}`;
  if (mail.notice === "waiting") {
    return {
      subject: `A change to ${client} waits for your approval`,
      text: [
        `${mail.by} proposed a change to ${client}: ${what}.`,
        "It needs a second person's approval. Open the request to see the change, then approve or reject it:",
        link,
        "",
        "You get this mail because you may decide on changes to this client. Whoever proposed a change cannot approve it.",
      ].join("\n"),
    };
  }
  const decided = {
    approved: [
      `${mail.by} approved your change request for ${client} (${what}): the change is applied.`,
      "If it issued a secret, open the request to see it, once:",
    ],
    rejected: [`${mail.by} rejected your change request for ${client} (${what}). Nothing changed.`, "The request says why:"],
    stale: [
      `Your change request for ${client} (${what}) is stale: the client changed since you proposed it, so nothing was applied.`,
      "Propose it again on the current client:",
    ],
  }[mail.notice];
  return { subject: `Your change request for ${client} was ${mail.notice}`, text: [...decided, link].join("\n") };
}

/** Sends the mail, unless it no longer makes sense: the request was decided (to the deciders) or the recipient is disabled. */
export const deliverChangeRequestMail: Deliver = async ({ payload }) => {
  const { to, notice, requestId, kind, clientId, by } = payload;
  if (
    typeof to !== "string" ||
    !["waiting", "approved", "rejected", "stale"].includes(notice as string) ||
    typeof requestId !== "string" ||
    typeof kind !== "string" ||
    typeof clientId !== "string" ||
    typeof by !== "string"
  ) {
    throw new UndeliverableError("The message is incomplete.");
  }
  const request = await prisma.changeRequest.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!request) return { skipped: "the change request is gone" };
  if (notice === "waiting" && request.status !== "open") return { skipped: `the change request was ${request.status} meanwhile` };
  const recipient = await prisma.adminUser.findUnique({ where: { email: to }, select: { disabledAt: true } });
  if (!recipient || recipient.disabledAt) return { skipped: "the recipient is disabled or gone" };
  await sendMail({ to, ...changeRequestMailText({ notice: notice as RequestNotice, requestId, kind, clientId, by }) });
};
