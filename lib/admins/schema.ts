import { z } from "zod";
import { adminEmailSchema, newPasswordSchema } from "@/lib/auth/schema";
import { ROLES } from "@/lib/auth/permissions";
import { profileContextIdSchema } from "@/lib/clients/schema";

// The forms of /admins, /account and the link pages. Each schema is used by the form (zodResolver)
// and by its server action (lib/admins/actions.ts).

export const adminNameSchema = z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters.");

/**
 * The scope of responsibility of an admin, as the form sends it: no profile context (everything
 * the role allows), or a profile and a profile context together. An Owner is never bound: an Owner
 * manages admins, keys and providers, which a context-bound admin cannot.
 */
export const bindingFields = z.object({
  role: z.enum(ROLES, { message: "Choose a role." }),
  /** "" = not bound. */
  profileId: z.string().trim().max(100),
  /** "" = not bound. */
  profileContextId: z.union([z.literal("").transform(() => null), z.null(), profileContextIdSchema]),
});

function bindingRules(value: z.output<typeof bindingFields>, ctx: z.RefinementCtx) {
  const hasProfile = value.profileId !== "";
  const hasContext = value.profileContextId !== null;
  if (hasContext && !hasProfile) ctx.addIssue({ code: "custom", path: ["profileId"], message: "Choose the profile that goes with the profile context." });
  if (hasProfile && !hasContext) ctx.addIssue({ code: "custom", path: ["profileContextId"], message: "Choose a profile context, or no profile." });
  if (value.role === "Owner" && (hasProfile || hasContext)) {
    ctx.addIssue({ code: "custom", path: ["profileContextId"], message: "An Owner manages everything and cannot be bound to a profile context." });
  }
}

/** An admin's own fields, as the invitation sets them (and the audit log compares them). */
export const adminFields = z.object({ email: adminEmailSchema, name: adminNameSchema }).extend(bindingFields.shape);

export const inviteAdminSchema = adminFields.superRefine(bindingRules);

export type InviteAdminInput = z.input<typeof inviteAdminSchema>;
export type InviteAdminValues = z.output<typeof inviteAdminSchema>;

/** Role (and scope of responsibility) of an existing admin; `version` is the one the form was opened at. */
export const changeAdminRoleSchema = z
  .object({ id: z.string().min(1), version: z.coerce.number().int().min(1) })
  .extend(bindingFields.shape)
  .superRefine(bindingRules);

export type ChangeAdminRoleInput = z.input<typeof changeAdminRoleSchema>;
export type ChangeAdminRoleValues = z.output<typeof changeAdminRoleSchema>;

export const adminIdSchema = z.object({ id: z.string().min(1) });

export const setAdminDisabledSchema = adminIdSchema.extend({ disabled: z.boolean() });

/** /account: one's own name. */
export const accountNameSchema = z.object({ name: adminNameSchema });
export type AccountNameInput = z.input<typeof accountNameSchema>;

/** A new password typed twice. */
const newPasswordFields = z.object({
  password: newPasswordSchema,
  confirmation: z.string().max(1024),
});

function confirmationRule(value: { password: string; confirmation: string }, ctx: z.RefinementCtx) {
  if (value.password !== value.confirmation) ctx.addIssue({ code: "custom", path: ["confirmation"], message: "The two passwords differ." });
}

/** /account: one's own password; the current one is required. */
export const changePasswordSchema = newPasswordFields
  .extend({ currentPassword: z.string().min(1, "Enter your current password.").max(1024) })
  .superRefine(confirmationRule);
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** The invitation / password-reset page: the link's token and the chosen password. */
export const redeemLinkSchema = newPasswordFields.extend({ token: z.string().min(1).max(200) }).superRefine(confirmationRule);
export type RedeemLinkInput = z.input<typeof redeemLinkSchema>;

/** The form's values for the role dialog of a stored admin. */
export function roleFormValues(admin: {
  id: string;
  version: number;
  role: string;
  profileId: string | null;
  profileContextId: number | null;
}): ChangeAdminRoleInput {
  return {
    id: admin.id,
    version: admin.version,
    role: (ROLES as readonly string[]).includes(admin.role) ? (admin.role as ChangeAdminRoleInput["role"]) : "Auditor",
    profileId: admin.profileId ?? "",
    profileContextId: admin.profileContextId === null ? "" : String(admin.profileContextId),
  };
}
