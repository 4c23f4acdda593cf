import { z } from "zod";
import { reasonSchema } from "@/lib/change-requests/schema";
import { graceDaysSchema } from "@/lib/secrets/schema";
import { profileContextIdSchema } from "./schema";
import { BULK_EXPORT_MAX_CLIENTS, BULK_MAX_CLIENTS, BULK_ROTATE_MAX_CLIENTS, BULK_SELECTION_MAX, deletePhrase } from "./bulk-rules";

// Bulk actions on the clients list (docs/decisions/031): what the bar sends, shared by the dialog
// and the server actions (lib/clients/actions.ts), which run lib/clients/bulk.ts. The bounds and
// words without zod are in ./bulk-rules.ts (the list's bar imports them on its first load).

/**
 * Which clients: the ids ticked on a page, or every client the list's filter matches (the list's
 * URL query, parsed again on the server by the list's own schema) — `count` is the number the
 * admin confirmed; when the filter matches another number by then, nothing happens.
 */
export const bulkTargetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("selection"),
    ids: z
      .array(z.string().min(1).max(100))
      .min(1, "Select at least one client.")
      .max(BULK_SELECTION_MAX, `Select at most ${BULK_SELECTION_MAX} clients, or act on everything matching the filter.`),
  }),
  z.object({
    kind: z.literal("matching"),
    search: z.string().max(4000),
    count: z.number().int().min(1).max(BULK_MAX_CLIENTS, `At most ${BULK_MAX_CLIENTS} clients at once: narrow the filter.`),
  }),
]);
export type BulkTarget = z.output<typeof bulkTargetSchema>;

/** How many clients the admin confirmed. */
export const confirmedCount = (target: BulkTarget) => (target.kind === "selection" ? new Set(target.ids).size : target.count);

const bulkAction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("disable") }),
  z.object({ kind: z.literal("enable") }),
  /** A profile context's Id, or "" for none. */
  z.object({ kind: z.literal("assignContext"), profileContextId: z.union([z.literal(""), profileContextIdSchema]) }),
  z.object({ kind: z.literal("rotate"), graceDays: z.coerce.number({ error: "Enter a number of days." }).pipe(graceDaysSchema) }),
  z.object({ kind: z.literal("delete"), confirmation: z.string().trim().max(100) }),
]);

/** A bulk change: which clients, what to do, and the reason a change request would carry. */
export const bulkClientChangeSchema = z
  .object({ target: bulkTargetSchema, action: bulkAction, reason: reasonSchema.default("") })
  .superRefine((value, issues) => {
    const count = confirmedCount(value.target);
    if (value.action.kind === "delete" && value.action.confirmation.toLowerCase() !== deletePhrase(count)) {
      issues.addIssue({ code: "custom", path: ["action", "confirmation"], message: `Type "${deletePhrase(count)}" to confirm.` });
    }
    if (value.action.kind === "rotate" && count > BULK_ROTATE_MAX_CLIENTS) {
      issues.addIssue({ code: "custom", path: ["target"], message: `Rotate at most ${BULK_ROTATE_MAX_CLIENTS} clients' secrets at once.` });
    }
  });
export type BulkClientChangeInput = z.input<typeof bulkClientChangeSchema>;
export type BulkClientChange = z.output<typeof bulkClientChangeSchema>;

/** An export of the chosen clients, in the portal JSON shape. */
export const bulkClientExportSchema = z.object({ target: bulkTargetSchema }).superRefine((value, issues) => {
  if (confirmedCount(value.target) > BULK_EXPORT_MAX_CLIENTS) {
    issues.addIssue({ code: "custom", path: ["target"], message: `Export at most ${BULK_EXPORT_MAX_CLIENTS} clients at once: narrow the filter.` });
  }
});
export type BulkClientExportInput = z.input<typeof bulkClientExportSchema>;
