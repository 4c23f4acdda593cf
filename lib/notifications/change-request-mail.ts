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
/** Many requests proposed together (a bulk action): one mail per decider. */
export const CHANGE_REQUEST_DIGEST_MAIL = "email.changeRequestDigest";

export type RequestNotice = "waiting" | "approved" | "rejected" | "stale";

/** What the mail needs of a request (never its payload beyond client_id and kind). */
export type NoticeRequest = {
  id: string;
  kind: string;
  clientLabel: string;
  profileContextId: number | null;
  authorType: string;
  authorId: string;
};

/** A request whose deciders are mailed: with the client's admin API power before and after the change (Proposal.powers), which a decider holds each of. */
export type WaitingRequest = NoticeRequest & { powers: Principal[] };

/** Roles that may decide on a request (the permission table's clients.write). */
const DECIDING_ROLES = ROLES.filter((role) => can({ role, reach: { kind: "all" } }, "clients.write"));

/** The admins who may decide on some request: active (not disabled, invitation accepted), of a deciding role. */
function activeDeciders(tx: Tx) {
  return tx.adminUser.findMany({
    where: { ...ACTIVE_OWNER, role: { in: DECIDING_ROLES } },
    select: { id: true, email: true, role: true, profileId: true, profileContextId: true },
    orderBy: { email: "asc" },
  });
}

/**
 * Whether `admin` may decide on `request`: a role that holds clients.write, the request within their
 * reach, the client's admin API power within theirs (an Editor cannot approve a change to a client
 * that holds Owner access), and not its author.
 */
function mayDecide(admin: Awaited<ReturnType<typeof activeDeciders>>[number], request: WaitingRequest): boolean {
  if (request.authorType === "admin" && request.authorId === admin.id) return false;
  const power = adminPower(admin);
  return can(power, "clients.write") && isRequestWithin(power.reach, request) && request.powers.every((p) => powerWithin(p, power));
}

/** The author's address when they are an active admin (an API client has none: it reads GET /change-requests/{id}). */
async function authorOf(tx: Tx, request: NoticeRequest): Promise<string[]> {
  if (request.authorType !== "admin") return [];
  const author = await tx.adminUser.findUnique({ where: { id: request.authorId }, select: { email: true, disabledAt: true } });
  return author && !author.disabledAt ? [author.email] : [];
}

/** Writes the mail of a decision on `request` to its author in the caller's transaction, when mail is on. `by`: who decided. */
export async function enqueueDecisionMail(ctx: EnqueueContext, request: NoticeRequest, notice: Exclude<RequestNotice, "waiting">, by: Actor) {
  if (!(await mailEnabled({ tx: ctx.tx }))) return;
  for (const to of await authorOf(ctx.tx, request)) await enqueueOne(ctx, request, notice, by, to);
}

function enqueueOne(ctx: EnqueueContext, request: NoticeRequest, notice: RequestNotice, by: Actor, to: string) {
  return enqueue(ctx, {
    kind: CHANGE_REQUEST_MAIL,
    payload: { to, notice, requestId: request.id, kind: request.kind, clientId: request.clientLabel, by: by.label },
    dedupeKey: `change-request:${request.id}:${notice}:${to}`,
  });
}

/**
 * The "waiting" mails of the requests `by` proposed together (one, or a bulk action's): each admin
 * who may decide some of them gets one mail — the request's own when it is one, else a digest that
 * names each client. A bulk action on a thousand governed clients is one mail per decider.
 */
export async function enqueueWaitingMails(ctx: EnqueueContext, requests: WaitingRequest[], by: Actor) {
  if (requests.length === 0 || !(await mailEnabled({ tx: ctx.tx }))) return;
  for (const admin of await activeDeciders(ctx.tx)) {
    const theirs = requests.filter((request) => mayDecide(admin, request));
    if (theirs.length === 1) await enqueueOne(ctx, theirs[0]!, "waiting", by, admin.email);
    else if (theirs.length > 1) {
      await enqueue(ctx, {
        kind: CHANGE_REQUEST_DIGEST_MAIL,
        payload: { to: admin.email, by: by.label, requests: theirs.map((r) => ({ id: r.id, kind: r.kind, clientId: r.clientLabel })) },
        dedupeKey: `change-request-digest:${theirs[0]!.id}:${admin.email}`,
      });
    }
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

/** A kind of change in words: "disable it", "add a secret". */
const kindWords = (kind: string) => KIND_WORDS[kind as ChangeKind] ?? kind;

/** Why a mail to `to` is not sent: its admin is disabled or gone; null when they still get mail. */
async function recipientGone(to: string): Promise<{ skipped: string } | null> {
  const recipient = await prisma.adminUser.findUnique({ where: { email: to }, select: { disabledAt: true } });
  return !recipient || recipient.disabledAt ? { skipped: "the recipient is disabled or gone" } : null;
}

export type ChangeRequestMail = { notice: RequestNotice; requestId: string; kind: string; clientId: string; by: string };

/** The mail's subject and text (exported for tests). */
export function changeRequestMailText(mail: ChangeRequestMail): { subject: string; text: string } {
  const what = kindWords(mail.kind);
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

/** How many clients a digest names before "and N more". */
const DIGEST_NAMED = 20;

export type ChangeRequestDigest = { by: string; requests: { id: string; kind: string; clientId: string }[] };

/** The digest's subject and text: the requests still open, each client with its change (exported for tests). */
export function changeRequestDigestText({ by, requests }: ChangeRequestDigest): { subject: string; text: string } {
  const named = requests.slice(0, DIGEST_NAMED).map((r) => `- ${r.clientId}: ${kindWords(r.kind)}`);
  const more = requests.length - named.length;
  return {
    subject: `${requests.length} changes to clients wait for your approval`,
    text: [
      `${by} proposed ${requests.length} changes to clients that need a second person's approval:`,
      ...named,
      ...(more > 0 ? [`… and ${more} more.`] : []),
      "",
      "Open the requests to see each change, then approve or reject it:",
      `${issuer()}/change-requests`,
      "",
      "You get this mail because you may decide on changes to these clients. Whoever proposed a change cannot approve it.",
    ].join("\n"),
  };
}

const isDigestEntry = (r: unknown): r is ChangeRequestDigest["requests"][number] =>
  typeof r === "object" && r !== null && ["id", "kind", "clientId"].every((key) => typeof (r as Record<string, unknown>)[key] === "string");

/** Sends the digest with the requests still open; none left (all decided meanwhile), or a disabled recipient, and it is not sent. */
export const deliverChangeRequestDigest: Deliver = async ({ payload }) => {
  const { to, by, requests } = payload;
  if (typeof to !== "string" || typeof by !== "string" || !Array.isArray(requests) || !requests.every(isDigestEntry)) {
    throw new UndeliverableError("The message is incomplete.");
  }
  const open = new Set(
    (await prisma.changeRequest.findMany({ where: { id: { in: requests.map((r) => r.id) }, status: "open" }, select: { id: true } })).map((r) => r.id),
  );
  if (open.size === 0) return { skipped: "every change request was decided meanwhile" };
  const gone = await recipientGone(to);
  if (gone) return gone;
  await sendMail({ to, ...changeRequestDigestText({ by, requests: requests.filter((r) => open.has(r.id)) }) });
};

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
  const gone = await recipientGone(to);
  if (gone) return gone;
  await sendMail({ to, ...changeRequestMailText({ notice: notice as RequestNotice, requestId, kind, clientId, by }) });
};
