import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/actions/result";
import { auditedFields, createdChanges, deletedChanges, diffChanges } from "@/lib/audit/changes";
import { endAdminSessions } from "@/lib/auth/admin-session";
import { adminPower, assertGrantWithin } from "@/lib/auth/power";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueAdminLinkMail } from "@/lib/notifications/admin-link-mail";
import { mailEnabled } from "@/lib/notifications/email";
import { generateSecret } from "@/lib/secrets/secret";
import { hashLinkToken, linkState, type LinkState } from "./links";
import { ACTIVE_OWNER } from "./status";
import { adminFields, bindingFields, type ChangeAdminRoleValues, type InviteAdminValues } from "./schema";

export { hashLinkToken, linkState, type LinkState };
export { ACTIVE_OWNER };

// The admin-account mutations (ADR 007: one service function each, called with the wrapper's
// context). The rules about who may change whom live here and only here: nobody changes their own
// role, disables or deletes themselves, and the last active Owner is never demoted, disabled or
// deleted — checked inside the transaction, after locking the active Owners' rows, so that two
// concurrent changes cannot both take the last Owner away.

/** How long an invitation or password-reset link works. */
export const ADMIN_LINK_TTL_MS = 72 * 60 * 60 * 1000;

export type AdminLinkKind = "invitation" | "password_reset";

const TARGET_SELECT = { id: true, email: true, role: true, version: true, disabledAt: true, profileId: true, profileContextId: true } as const;
type Target = Prisma.AdminUserGetPayload<{ select: typeof TARGET_SELECT }>;

async function findTarget(tx: Tx, id: string): Promise<Target> {
  const admin = await tx.adminUser.findUnique({ where: { id }, select: TARGET_SELECT });
  if (!admin) throw new NotFoundError("This admin no longer exists.");
  return admin;
}

const targetOf = (admin: { id: string; email: string }) => ({ type: "admin", id: admin.id, label: admin.email });

/** An admin's audited fields (email, name, role and scope of responsibility), from the invitation's schema. */
const ADMIN_FIELDS = auditedFields(adminFields);
const BINDING_FIELDS = auditedFields(bindingFields);

type Change = "role" | "disable" | "delete";
const SELF_REFUSAL: Record<Change, string> = {
  role: "You cannot change your own role. Ask another Owner.",
  disable: "You cannot disable yourself. Ask another Owner.",
  delete: "You cannot delete yourself. Ask another Owner.",
};
const LAST_OWNER_REFUSAL: Record<Change, string> = {
  role: "This is the last active Owner: make another admin an Owner first.",
  disable: "This is the last active Owner and cannot be disabled: make another admin an Owner first.",
  delete: "This is the last active Owner and cannot be deleted: make another admin an Owner first.",
};

/**
 * THE rules about changing an admin, in one place. Nobody changes their own role, disables or
 * deletes themselves (403). Taking the Owner role away (demotion, disabling, deletion) needs
 * another active Owner (409). The active Owners' rows are locked first (an update of all of them):
 * on PostgreSQL a concurrent transaction waits here and then counts what the first committed; on
 * SQLite the first write takes the database's write lock.
 */
export async function assertMayChangeAdmin(ctx: Pick<ServiceContext, "tx" | "actor">, target: Pick<Target, "id" | "role">, change: Change, nextRole?: string) {
  if (ctx.actor.type === "admin" && ctx.actor.id === target.id) throw new ForbiddenError(SELF_REFUSAL[change]);
  const losesOwner = target.role === "Owner" && (change !== "role" || nextRole !== "Owner");
  if (!losesOwner) return;
  await ctx.tx.adminUser.updateMany({ where: ACTIVE_OWNER, data: { updatedAt: new Date() } });
  const others = await ctx.tx.adminUser.count({ where: { AND: [ACTIVE_OWNER, { id: { not: target.id } }] } });
  if (others === 0) throw new ConflictError(LAST_OWNER_REFUSAL[change]);
}

/** Nobody changes an admin more powerful than themselves (their links, role, enabled state…). */
const assertMayTouch = (ctx: Pick<ServiceContext, "tx" | "actor">, target: Target) => assertGrantWithin(ctx, adminPower(target), "This admin holds");

/** The profile and the profile context of a binding must exist; the message lands on the field. */
async function checkBinding(tx: Tx, values: { profileId: string; profileContextId: number | null }) {
  const fieldErrors: Record<string, string[]> = {};
  if (values.profileId && !(await tx.profile.findUnique({ where: { id: values.profileId }, select: { id: true } }))) {
    fieldErrors.profileId = ["This profile no longer exists. Choose another."];
  }
  if (values.profileContextId !== null && !(await tx.profileContext.findUnique({ where: { id: values.profileContextId }, select: { id: true } }))) {
    fieldErrors.profileContextId = ["This profile context no longer exists. Choose another."];
  }
  if (Object.keys(fieldErrors).length) throw new ActionError("Some fields need attention.", fieldErrors);
}

/**
 * Makes a new link for an admin: 32 random bytes (the same generator as client secrets), stored only
 * as its hash, valid 72 hours, once. Any older open link of the admin is revoked, so only the newest
 * one works. Returns the token in clear — for the one reveal, never stored or logged.
 */
async function issueLink({ tx, actor }: Pick<ServiceContext, "tx" | "actor">, adminId: string, kind: AdminLinkKind, now = new Date()) {
  await tx.adminToken.updateMany({ where: { adminId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  const token = generateSecret();
  const expiresAt = new Date(now.getTime() + ADMIN_LINK_TTL_MS);
  await tx.adminToken.create({ data: { adminId, kind, tokenHash: hashLinkToken(token), createdBy: actor.label, expiresAt } });
  return { token, expiresAt };
}

/** The URL of a link: `{origin}/invitation/{token}` (the page for invitations and resets alike). */
export const adminLinkUrl = (origin: string, token: string) => `${origin}/invitation/${token}`;

/**
 * Where a new link goes. With SMTP (SMTP_URL or /settings/mail) it is mailed to the admin through the outbox, in this
 * transaction, and the caller never sees it; without, it comes back to be shown once to the Owner.
 */
async function handOver(
  ctx: Pick<ServiceContext, "tx" | "actor" | "afterCommit">,
  admin: { email: string; name: string },
  kind: AdminLinkKind,
  link: { token: string; expiresAt: Date },
  origin: string,
): Promise<{ mailed: true } | { mailed: false; token: string }> {
  if (!(await mailEnabled({ tx: ctx.tx }))) return { mailed: false, token: link.token };
  const url = adminLinkUrl(origin, link.token);
  await enqueueAdminLinkMail(ctx, { to: admin.email, name: admin.name, kind, url, expiresAt: link.expiresAt, by: ctx.actor.label });
  return { mailed: true };
}

/** Whether an admin has not accepted their invitation yet (no password, never signed in). */
async function isPending(tx: Tx, adminId: string): Promise<boolean> {
  const admin = await tx.adminUser.findUnique({ where: { id: adminId }, select: { passwordHash: true, lastSignInAt: true } });
  return !!admin && admin.passwordHash === null && admin.lastSignInAt === null;
}

/**
 * Invites a colleague: the account (no password yet) and its invitation link — mailed when SMTP is
 * set, else returned to be revealed once. `origin` is the portal's address the link is built on.
 */
export async function inviteAdminRecord(ctx: ServiceContext, values: InviteAdminValues, origin: string) {
  const { tx } = ctx;
  if (await tx.adminUser.findUnique({ where: { email: values.email }, select: { id: true } })) {
    throw new ConflictError("Some fields need attention.", { email: ["An admin with this email already exists."] });
  }
  await checkBinding(tx, values);
  const binding = { profileId: values.profileId || null, profileContextId: values.profileContextId };
  await assertGrantWithin(ctx, adminPower({ role: values.role, ...binding }), "The invited admin would hold");
  let admin;
  try {
    admin = await tx.adminUser.create({
      data: { email: values.email, name: values.name, role: values.role, passwordHash: null, ...binding },
      select: { id: true, email: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("Some fields need attention.", { email: ["An admin with this email already exists."] });
    throw error;
  }
  const link = await issueLink(ctx, admin.id, "invitation");
  const delivery = await handOver(ctx, admin, "invitation", link, origin);
  await ctx.audit({
    action: "admin.invited",
    target: targetOf(admin),
    changes: {
      ...createdChanges({ ...values, ...binding }, ADMIN_FIELDS),
      expiresAt: link.expiresAt.toISOString(),
      ...(delivery.mailed ? { sentByEmail: true } : {}),
    },
  });
  return { id: admin.id, email: admin.email, kind: "invitation" as const, expiresAt: link.expiresAt, ...delivery };
}

/**
 * A new link for an admin: a new invitation while they have not accepted the first one, else a
 * password-reset link. Either way the older open links stop working.
 */
export async function issueAdminLinkRecord(ctx: ServiceContext, id: string, origin: string) {
  const target = await findTarget(ctx.tx, id);
  await assertMayTouch(ctx, target);
  if (target.disabledAt) throw new ConflictError("This admin is disabled: enable them first.");
  const kind: AdminLinkKind = (await isPending(ctx.tx, id)) ? "invitation" : "password_reset";
  const link = await issueLink(ctx, id, kind);
  const { name } = await ctx.tx.adminUser.findUniqueOrThrow({ where: { id }, select: { name: true } });
  const delivery = await handOver(ctx, { email: target.email, name }, kind, link, origin);
  await ctx.audit({
    action: kind === "invitation" ? "admin.invited" : "admin.passwordResetIssued",
    target: targetOf(target),
    changes: {
      expiresAt: link.expiresAt.toISOString(),
      ...(kind === "invitation" ? { renewed: true } : {}),
      ...(delivery.mailed ? { sentByEmail: true } : {}),
    },
  });
  return { id, email: target.email, kind, expiresAt: link.expiresAt, ...delivery };
}

/** Revokes the admin's open links (an invitation, or a password-reset link). */
export async function revokeAdminLinksRecord(ctx: ServiceContext, id: string) {
  const target = await findTarget(ctx.tx, id);
  const open = await ctx.tx.adminToken.findMany({ where: { adminId: id, usedAt: null, revokedAt: null }, select: { id: true, kind: true } });
  if (open.length === 0) throw new ConflictError("This admin has no open link to revoke.");
  await ctx.tx.adminToken.updateMany({ where: { id: { in: open.map((t) => t.id) } }, data: { revokedAt: new Date() } });
  for (const kind of new Set(open.map((t) => t.kind))) {
    await ctx.audit({ action: kind === "invitation" ? "admin.invitationRevoked" : "admin.passwordResetRevoked", target: targetOf(target) });
  }
}

/**
 * Removes an admin's links to identity-provider accounts (docs/decisions/009): their next sign-in
 * through a provider goes by verified email again and links the account it comes with.
 */
export async function removeAdminIdentitiesRecord(ctx: ServiceContext, id: string) {
  const target = await findTarget(ctx.tx, id);
  const identities = await ctx.tx.adminIdentity.findMany({
    where: { adminId: id },
    select: { id: true, providerName: true, issuer: true, subject: true },
    orderBy: { createdAt: "asc" },
  });
  if (identities.length === 0) throw new ConflictError("This admin has no linked provider account.");
  await ctx.tx.adminIdentity.deleteMany({ where: { id: { in: identities.map((i) => i.id) } } });
  await ctx.audit({
    action: "admin.identitiesRemoved",
    target: targetOf(target),
    changes: { identities: identities.map(({ id: _id, ...identity }) => identity) },
  });
}

/** Disables (ending every session at once) or re-enables an admin. */
export async function setAdminDisabledRecord(ctx: ServiceContext, id: string, disabled: boolean) {
  const target = await findTarget(ctx.tx, id);
  if (disabled === (target.disabledAt !== null)) return;
  if (disabled) await assertMayChangeAdmin(ctx, target, "disable");
  await assertMayTouch(ctx, target);
  await ctx.tx.adminUser.update({ where: { id }, data: { disabledAt: disabled ? new Date() : null, version: { increment: 1 } } });
  const sessionsEnded = disabled ? await endAdminSessions(ctx.tx, id) : 0;
  await ctx.audit({
    action: disabled ? "admin.disabled" : "admin.enabled",
    target: targetOf(target),
    changes: { disabled: { from: !disabled, to: disabled }, ...(disabled ? { sessionsEnded } : {}) },
  });
}

/** Changes an admin's role and scope of responsibility (takes effect at their next request). */
export async function changeAdminRoleRecord(ctx: ServiceContext, values: ChangeAdminRoleValues) {
  const target = await findTarget(ctx.tx, values.id);
  await assertMayChangeAdmin(ctx, target, "role", values.role);
  if (target.version !== values.version) {
    throw new ConflictError("Someone changed this admin after you opened the form. Close it and try again.");
  }
  await checkBinding(ctx.tx, values);
  const next = { role: values.role, profileId: values.profileId || null, profileContextId: values.profileContextId };
  await assertMayTouch(ctx, target);
  await assertGrantWithin(ctx, adminPower(next), "The admin would hold");
  const changes = diffChanges(target, next, BINDING_FIELDS);
  if (Object.keys(changes).length === 0) return;
  await ctx.tx.adminUser.update({ where: { id: target.id }, data: { ...next, version: { increment: 1 } } });
  await ctx.audit({ action: "admin.roleChanged", target: targetOf(target), changes });
}

/** Deletes an admin: their sessions, links and linked provider accounts go with the account (cascade). */
export async function deleteAdminRecord(ctx: ServiceContext, id: string) {
  const target = await findTarget(ctx.tx, id);
  await assertMayChangeAdmin(ctx, target, "delete");
  await assertMayTouch(ctx, target);
  const { name } = await ctx.tx.adminUser.findUniqueOrThrow({ where: { id }, select: { name: true } });
  const sessionsEnded = await endAdminSessions(ctx.tx, id);
  await ctx.tx.adminUser.delete({ where: { id } });
  await ctx.tx.onboardingProgress.deleteMany({ where: { adminId: id } }); // keyed by admin, no relation
  await ctx.audit({ action: "admin.deleted", target: targetOf(target), changes: { ...deletedChanges({ ...target, name }, ADMIN_FIELDS), sessionsEnded } });
}

/** /account: the signed-in admin changes their own name. */
export async function updateOwnNameRecord(ctx: ServiceContext, name: string) {
  const me = await findTarget(ctx.tx, ctx.actor.id);
  const before = await ctx.tx.adminUser.findUniqueOrThrow({ where: { id: me.id }, select: { name: true } });
  if (before.name === name) return;
  await ctx.tx.adminUser.update({ where: { id: me.id }, data: { name, version: { increment: 1 } } });
  await ctx.audit({ action: "admin.updated", target: targetOf(me), changes: diffChanges(before, { name }, ADMIN_FIELDS) });
}

/**
 * /account: the signed-in admin changes their own password; the current one is required. Their other
 * sessions end (a password change is what one does after a suspected leak); this one stays.
 * An admin without a password (signs in only through an identity provider) cannot set one here:
 * a stolen session must not be enough to add a second way in that bypasses the provider — an Owner
 * sends them a password-reset link instead.
 */
export async function changeOwnPasswordRecord(ctx: ServiceContext, input: { currentPassword: string; password: string }, sessionId: string) {
  const me = await ctx.tx.adminUser.findUnique({ where: { id: ctx.actor.id }, select: { id: true, email: true, passwordHash: true } });
  if (!me) throw new NotFoundError("Your account no longer exists.");
  if (!me.passwordHash) {
    throw new ActionError("Your account has no password: you sign in through an identity provider. To get one, ask an Owner for a password-reset link.");
  }
  if (!(await verifyPassword(me.passwordHash, input.currentPassword))) {
    throw new ActionError("Some fields need attention.", { currentPassword: ["This is not your current password."] });
  }
  const passwordHash = await hashPassword(input.password);
  await ctx.tx.adminUser.update({ where: { id: me.id }, data: { passwordHash, version: { increment: 1 } } });
  const sessionsEnded = await endAdminSessions(ctx.tx, me.id, sessionId);
  await ctx.audit({ action: "admin.passwordChanged", target: targetOf(me), changes: { via: "account", otherSessionsEnded: sessionsEnded } });
}

export const LINK_REFUSAL: Record<Exclude<LinkState, "valid">, string> = {
  unknown: "This link is not valid. Check that you copied all of it, or ask an Owner of the portal for a new one.",
  expired: "This link has expired (links work for 72 hours). Ask an Owner of the portal for a new one.",
  used: "This link has already been used. Sign in with your password, or ask an Owner of the portal for a new link.",
  revoked: "This link has been revoked. Ask an Owner of the portal for a new one.",
};

/** A link's token and its admin, found by the token's hash (the lookup compares hashes, never the token). */
export function findLink(tx: Tx, token: string) {
  return tx.adminToken.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: {
      id: true,
      kind: true,
      expiresAt: true,
      usedAt: true,
      revokedAt: true,
      admin: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          disabledAt: true,
          profile: { select: { displayName: true } },
          profileContext: { select: { id: true, category: true, d0: true } },
        },
      },
    },
  });
}

/**
 * Redeems an invitation or a password-reset link: the chosen password (already hashed by the caller,
 * outside the transaction) becomes the admin's, and the link is marked used — only if it is still
 * open at that moment, so two tabs cannot both use it. A reset ends every session of the admin.
 * The actor is the admin themselves (ctx.actor, found from the link by the caller).
 */
export async function redeemAdminLinkRecord(ctx: ServiceContext, token: string, passwordHash: string) {
  const now = new Date();
  const link = await findLink(ctx.tx, token);
  const state = linkState(link, now);
  if (state !== "valid" || !link) throw new ActionError(LINK_REFUSAL[state as Exclude<LinkState, "valid">]);
  const { count } = await ctx.tx.adminToken.updateMany({
    where: { id: link.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) throw new ActionError(LINK_REFUSAL.used);
  await ctx.tx.adminToken.updateMany({ where: { adminId: link.admin.id, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  await ctx.tx.adminUser.update({ where: { id: link.admin.id }, data: { passwordHash, version: { increment: 1 } } });
  const target = targetOf(link.admin);
  if (link.kind === "invitation") {
    await ctx.audit({ action: "admin.invitationAccepted", target });
  } else {
    const sessionsEnded = await endAdminSessions(ctx.tx, link.admin.id);
    await ctx.audit({ action: "admin.passwordChanged", target, changes: { via: "reset link", sessionsEnded } });
  }
  return { adminId: link.admin.id, email: link.admin.email };
}
