"use client";

import type { ActionResult } from "@/lib/actions/result";
import { deletePhrase, type BulkActionKind } from "@/lib/clients/bulk-rules";
import type { BulkClientChange, BulkClientChangeInput } from "@/lib/clients/bulk-schema";
import { ROTATION_GRACE_DEFAULT_DAYS } from "@/lib/secrets/rotation";
import { LIMITS } from "@/lib/validation/limits";
import { GraceDaysField } from "@/components/secrets/grace-days-field";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { SelectField, TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";

export type BulkKind = BulkActionKind | "export";

/** What an action needs before it runs, as the form's first values. */
function firstAction(kind: BulkKind, firstContext: string): BulkClientChangeInput["action"] {
  switch (kind) {
    case "assignContext":
      return { kind, profileContextId: firstContext };
    case "rotate":
      return { kind, graceDays: String(ROTATION_GRACE_DEFAULT_DAYS) };
    case "delete":
      return { kind, confirmation: "" };
    case "export":
      return { kind: "disable" }; // not sent: an export has no action (its schema drops it)
    default:
      return { kind };
  }
}

/**
 * The bulk confirmation's form (components/clients/bulk-actions.tsx fetches it with its dialog):
 * what the action needs — a profile context, the grace period, the typed words of a deletion — and
 * the reason a change request would carry, checked with the schema the server action parses with.
 */
export function BulkConfirmForm({
  kind,
  target,
  count,
  max,
  contexts,
  submitLabel,
  run,
  onDone,
  onCancel,
}: {
  kind: BulkKind;
  target: BulkClientChangeInput["target"];
  count: number;
  /** How many clients the action may reach at once: past it, the form says so and cannot be sent. */
  max: number;
  contexts: { value: string; label: string }[];
  submitLabel: string;
  run: (values: BulkClientChangeInput) => Promise<ActionResult<unknown>>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const form = useForm<BulkClientChangeInput, unknown, BulkClientChange>({
    resolver: useLazyZodResolver<BulkClientChangeInput, BulkClientChange>(() =>
      import("@/lib/clients/bulk-schema").then((m) => (kind === "export" ? m.bulkClientExportSchema : m.bulkClientChangeSchema)),
    ),
    defaultValues: { target, action: firstAction(kind, contexts[0]?.value ?? ""), reason: "" },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  const phrase = deletePhrase(count);
  const tooMany = count > max;
  const typed = form.watch("action.confirmation");
  // The server's refusal of the selection itself (the filter now matches another number) has no field.
  const targetError = form.formState.errors.target?.message;

  return (
    <form onSubmit={submitWith(run, onDone)} noValidate className="space-y-3 text-sm">
      {(tooMany || targetError) && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {tooMany ? `At most ${max} clients at once for this action: narrow the filter or the selection.` : targetError}
        </p>
      )}
      {kind === "assignContext" && <SelectField label="Profile context" options={contexts} {...fieldProps(form, "action.profileContextId")} />}
      {kind === "rotate" && <GraceDaysField meaning="The old secrets keep working this long." {...fieldProps(form, "action.graceDays")} />}
      {kind === "delete" && <TextField label={`Type “${phrase}” to confirm`} autoComplete="off" {...fieldProps(form, "action.confirmation")} />}
      {kind !== "export" && <TextField label="Reason (for changes that need approval)" maxLength={LIMITS.description} {...fieldProps(form, "reason")} />}
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={submitLabel}
        submitVariant={kind === "delete" ? "danger" : "primary"}
        submitDisabled={tooMany || (kind === "delete" && typed?.trim().toLowerCase() !== phrase)}
        cancel={{ label: "Cancel", onClick: onCancel, focused: true }}
      />
    </form>
  );
}
