// The words of the audit retention setting, without zod: the form's client code imports them on the
// first load (components/ui/first-load.test.ts); the schema (./retention-schema.ts) comes later.

/** The one AuditSetting row. */
export const AUDIT_SETTING_ID = 1;

/** The shortest retention an Owner may set: a month of history for an investigation. */
export const RETENTION_MIN_DAYS = 30;
/** The longest: ten years (a longer need is "keep forever"). */
export const RETENTION_MAX_DAYS = 3650;

export const RETENTION_MODES = ["forever", "days"] as const;
export type RetentionMode = (typeof RETENTION_MODES)[number];

export const RETENTION_MODE_LABELS: Record<RetentionMode, string> = {
  forever: "Forever (no purge)",
  days: "For a number of days",
};

export const RETENTION_DAYS_MESSAGE = `Enter a whole number of days from ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS}.`;
