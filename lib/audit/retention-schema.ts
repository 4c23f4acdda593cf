import { z } from "zod";
import { RETENTION_DAYS_MESSAGE, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS, RETENTION_MODES } from "./retention-vocabulary";

export { AUDIT_SETTING_ID } from "./retention-vocabulary";

// The retention form of /settings/audit: the one schema of the form (zodResolver) and of its server
// action (lib/audit/retention-actions.ts). `days` is read only when the mode is "days".

export const auditRetentionSchema = z
  .object({
    mode: z.enum(RETENTION_MODES, { error: "Choose how long events are kept." }),
    /** As typed; a whole number from RETENTION_MIN_DAYS to RETENTION_MAX_DAYS when mode is "days". */
    days: z.union([z.string(), z.number()]).transform((value) => String(value).trim()),
    /** The version the form was opened on; 0 when nothing was saved yet. */
    version: z.number().int().min(0),
  })
  .superRefine((values, ctx) => {
    if (values.mode !== "days") return;
    const days = Number(values.days);
    if (!/^\d{1,5}$/.test(values.days) || days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS) {
      ctx.addIssue({ code: "custom", path: ["days"], message: RETENTION_DAYS_MESSAGE });
    }
  })
  .transform(({ mode, days, version }) => ({ retentionDays: mode === "days" ? Number(days) : null, version }));

export type AuditRetentionInput = z.input<typeof auditRetentionSchema>;
export type AuditRetentionValues = z.output<typeof auditRetentionSchema>;
export type AuditRetentionFormValues = { mode: (typeof RETENTION_MODES)[number]; days: string; version: number };

/** "Purge now" names the count the Owner confirmed; the purge deletes what is old at that moment. */
export const purgeNowSchema = z.object({});
