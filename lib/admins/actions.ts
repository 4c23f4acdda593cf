"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/actions/admin-action";
import { publicAction } from "@/lib/actions/public-action";
import { runService } from "@/lib/actions/context";
import { ActionError, fieldErrorsOf, type ActionResult } from "@/lib/actions/result";
import { actorOf } from "@/lib/audit/audit";
import { recordSignOut } from "@/lib/auth/admin-session";
import { signOut } from "@/lib/auth/auth";
import { continueSignIn } from "@/lib/mfa/sign-in";
import { hashPassword } from "@/lib/auth/password";
import { ALL } from "@/lib/auth/reach";
import { currentAdmin, revokeAdminSession } from "@/lib/auth/session";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { portalOrigin } from "@/lib/http/origin";
import {
  accountNameSchema,
  adminIdSchema,
  changeAdminRoleSchema,
  changePasswordSchema,
  inviteAdminSchema,
  redeemLinkSchema,
  setAdminDisabledSchema,
} from "./schema";
import {
  LINK_REFUSAL,
  adminLinkUrl,
  changeAdminRoleRecord,
  changeOwnPasswordRecord,
  deleteAdminRecord,
  findLink,
  inviteAdminRecord,
  issueAdminLinkRecord,
  linkState,
  redeemAdminLinkRecord,
  removeAdminIdentitiesRecord,
  revokeAdminLinksRecord,
  setAdminDisabledRecord,
  updateOwnNameRecord,
  type AdminLinkKind,
} from "./service";

// The admin-account actions: /admins (Owners), /account (every admin), and the public link page.

/**
 * What the Owner sees of a new link: that it was mailed (SMTP set), or the link itself, shown this
 * once and never stored or logged.
 */
export type RevealedLink = { email: string; kind: AdminLinkKind; expiresAt: string } & ({ mailed: true } | { mailed: false; url: string });

function revealed(
  link: { email: string; kind: AdminLinkKind; expiresAt: Date } & ({ mailed: true } | { mailed: false; token: string }),
  origin: string,
): RevealedLink {
  const base = { email: link.email, kind: link.kind, expiresAt: link.expiresAt.toISOString() };
  return link.mailed ? { ...base, mailed: true } : { ...base, mailed: false, url: adminLinkUrl(origin, link.token) };
}

/** Invites an admin; the invitation link is mailed, or returned this once. */
export const inviteAdmin = adminAction("admins.write", inviteAdminSchema, async (values, ctx) => {
  const origin = await portalOrigin();
  const link = await inviteAdminRecord(ctx, values, origin);
  revalidatePath("/admins");
  return revealed(link, origin);
});

/** A new invitation (not accepted yet) or password-reset link; older open links stop working. */
export const issueAdminLink = adminAction("admins.write", adminIdSchema, async ({ id }, ctx) => {
  const origin = await portalOrigin();
  const link = await issueAdminLinkRecord(ctx, id, origin);
  revalidatePath("/admins");
  return revealed(link, origin);
});

/** Revokes an admin's open invitation or password-reset link. */
export const revokeAdminLinks = adminAction("admins.write", adminIdSchema, async ({ id }, ctx) => {
  await revokeAdminLinksRecord(ctx, id);
  revalidatePath("/admins");
  return null;
});

/** Removes an admin's links to identity-provider accounts; the next provider sign-in links anew by verified email. */
export const removeAdminIdentities = adminAction("admins.write", adminIdSchema, async ({ id }, ctx) => {
  await removeAdminIdentitiesRecord(ctx, id);
  revalidatePath("/admins");
  return null;
});

/** Disables (ending their sessions) or re-enables an admin. */
export const setAdminDisabled = adminAction("admins.write", setAdminDisabledSchema, async ({ id, disabled }, ctx) => {
  await setAdminDisabledRecord(ctx, id, disabled);
  revalidatePath("/admins");
  return null;
});

/** Changes an admin's role and scope of responsibility. */
export const changeAdminRole = adminAction("admins.write", changeAdminRoleSchema, async (values, ctx) => {
  await changeAdminRoleRecord(ctx, values);
  revalidatePath("/admins");
  return null;
});

/** Deletes an admin (their sessions end). */
export const deleteAdmin = adminAction("admins.write", adminIdSchema, async ({ id }, ctx) => {
  await deleteAdminRecord(ctx, id);
  revalidatePath("/admins");
  return null;
});

/** /account: one's own name. */
export const updateOwnName = adminAction("account.write", accountNameSchema, async ({ name }, ctx) => {
  await updateOwnNameRecord(ctx, name);
  revalidatePath("/", "layout");
  return null;
});

/** /account: one's own password (the current one required); other sessions end. */
export const changeOwnPassword = adminAction("account.write", changePasswordSchema, async (values, ctx) => {
  await changeOwnPasswordRecord(ctx, values, ctx.admin.sessionId);
  return null;
});

/**
 * The invitation / password-reset page's form: public (the link is the credential). The chosen
 * password is set and the link marked used in one transaction; then the admin is signed in through
 * the one-time login grant (ADR 009), the same Auth.js path as an identity provider's sign-in.
 */
export const redeemAdminLink = publicAction("the invitation or reset link", async function redeemAdminLink(raw: unknown): Promise<ActionResult<null>> {
  const parsed = redeemLinkSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) };
  const { token, password } = parsed.data;
  const link = await findLink(prisma as unknown as Tx, token);
  const state = linkState(link);
  if (state !== "valid" || !link) return { ok: false, message: LINK_REFUSAL[state as keyof typeof LINK_REFUSAL] };
  // Signed in as someone else (in another tab since the page was opened): the page asks first.
  const signedIn = await currentAdmin();
  if (signedIn && signedIn.id !== link.admin.id) {
    return {
      ok: false,
      message: `You are signed in as ${signedIn.email}. Reload this page to choose whether to sign out and continue as ${link.admin.email}.`,
    };
  }

  const passwordHash = await hashPassword(password);
  const actor = actorOf(link.admin);
  let adminId: string;
  try {
    ({ adminId } = await runService(actor, ALL, (ctx) => redeemAdminLinkRecord(ctx, token, passwordHash)));
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, message: error.message };
    throw error;
  }
  // Signed in, or on to the second step (an Owner enrols a factor before the portal opens).
  redirect((await continueSignIn(adminId, "password", "/")) ?? "/sign-in");
});

/**
 * The link page's "continue as the invited person" while someone else is signed in: that session
 * ends on the server (its row revoked, audited as a sign-out), not just its cookie, then the page
 * again, now with the password form.
 */
export const signOutForLink = publicAction("none: it ends the caller's own session", async function signOutForLink(token: unknown): Promise<void> {
  const admin = await currentAdmin();
  if (admin) {
    await revokeAdminSession(admin.sessionId);
    await recordSignOut(admin);
  }
  await signOut({ redirect: false });
  redirect(typeof token === "string" && token.length <= 200 ? `/invitation/${encodeURIComponent(token)}` : "/sign-in");
});
