import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, NotFoundError } from "@/lib/actions/result";
import { auditedFields, diffChanges, secretFieldChange } from "@/lib/audit/changes";
import { isUniqueViolation } from "@/lib/db/errors";
import { environmentMailSettings } from "@/lib/notifications/email";
import { mailFields, type MailSettingsValues } from "./schema";
import { MAIL_SETTING_ID, sealMailPassword } from "./stored";

// The mail setting's mutations (/settings/mail), called by ./actions.ts with the wrapper's context.

/** The fields the audit names when they change; the password is only ever "set", "replaced" or "not set". */
const AUDITED_FIELDS = auditedFields(mailFields, ["password", "passwordAction", "version"]);

export const MAIL_TARGET = { type: "mailSettings", id: String(MAIL_SETTING_ID), label: "Mail (SMTP)" };

export const ENVIRONMENT_OVERRIDES_MESSAGE =
  "SMTP_URL is set in the portal's environment and overrides this page: change the environment, or remove SMTP_URL to use these settings.";

const STALE_MESSAGE =
  "The mail settings were changed by someone else since you opened them. Your edits are still here: copy what you need, then reload to see the latest version.";

/**
 * Saves the mail settings (creates the one row on the first save). The stored password stays unless
 * the Owner replaced or cleared it, and goes when the user name is cleared. A save based on an older
 * version is refused. Refused while SMTP_URL overrides the page.
 */
export async function saveMailSettingsRecord({ tx, actor, audit }: ServiceContext, values: MailSettingsValues) {
  if (environmentMailSettings()) throw new ActionError(ENVIRONMENT_OVERRIDES_MESSAGE);
  const { version, password, passwordAction, from, ...rest } = values;
  const before = await tx.mailSetting.findUnique({ where: { id: MAIL_SETTING_ID }, omit: { passwordEncrypted: false } });
  if ((before?.version ?? 0) !== version) throw new ConflictError(STALE_MESSAGE);

  const hadPassword = Boolean(before?.passwordEncrypted);
  const keeps = passwordAction === "keep" && hadPassword && rest.username !== "";
  const passwordEncrypted = passwordAction === "replace" ? sealMailPassword(password) : keeps ? before!.passwordEncrypted : null;
  const data = { ...rest, fromAddress: from, passwordEncrypted, updatedBy: actor.label };

  if (before) {
    const { count } = await tx.mailSetting.updateMany({ where: { id: MAIL_SETTING_ID, version }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) throw new ConflictError(STALE_MESSAGE);
  } else {
    await tx.mailSetting.create({ data: { id: MAIL_SETTING_ID, ...data } }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? new ConflictError(STALE_MESSAGE) : error;
    });
  }

  const hasPassword = passwordEncrypted !== null;
  const passwordChange = secretFieldChange({ had: hadPassword, has: hasPassword, replaced: passwordAction === "replace" });
  const previous = before ? { ...before, from: before.fromAddress } : {};
  await audit({
    action: "mailSettings.updated",
    target: MAIL_TARGET,
    changes: { ...diffChanges(previous, { ...rest, from }, AUDITED_FIELDS), ...(passwordChange ? { password: passwordChange } : {}) },
  });
  return { version: version + 1, hasPassword };
}

/**
 * Removes the saved mail settings, password and all: the portal sends no mail until they are set
 * again (mail already waiting stays on Deliveries). Refused while SMTP_URL overrides the page, and
 * when someone saved since `version`.
 */
export async function removeMailSettingsRecord({ tx, audit }: ServiceContext, { version }: { version: number }) {
  if (environmentMailSettings()) throw new ActionError(ENVIRONMENT_OVERRIDES_MESSAGE);
  const before = await tx.mailSetting.findUnique({ where: { id: MAIL_SETTING_ID }, omit: { passwordEncrypted: false } });
  if (!before) throw new NotFoundError("No mail settings are saved: there is nothing to remove.");
  const { count } = await tx.mailSetting.deleteMany({ where: { id: MAIL_SETTING_ID, version } });
  if (count === 0)
    throw new ConflictError("The mail settings were changed by someone else since you opened them: reload to see them, then remove them if you still mean to.");
  const none = Object.fromEntries(AUDITED_FIELDS.map((field) => [field, null]));
  const password = secretFieldChange({ had: Boolean(before.passwordEncrypted), has: false });
  await audit({
    action: "mailSettings.removed",
    target: MAIL_TARGET,
    changes: { ...diffChanges({ ...before, from: before.fromAddress }, none, AUDITED_FIELDS), ...(password ? { password } : {}) },
  });
}
