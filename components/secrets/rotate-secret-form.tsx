"use client";

import { fieldProps, useForm } from "@/components/ui/use-form";
import { proposedNotice } from "@/components/change-requests/proposed-notice";
import { isProposed, type Proposed } from "@/lib/change-requests/proposed";
import type { ActionResult } from "@/lib/actions/result";
import { ROTATION_GRACE_DEFAULT_DAYS, ROTATION_GRACE_MAX_DAYS } from "@/lib/secrets/rotation";
import type { RotateSecretInput, RotateSecretValues } from "@/lib/secrets/schema";
import { LIMITS } from "@/lib/validation/limits";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";

/** The rotate dialog's form (components/secrets/secrets-panel.tsx fetches it with the dialog). */
export function RotateSecretForm({
  secretId,
  submit,
  onRotated,
  onCancel,
}: {
  secretId: string;
  submit: (values: RotateSecretInput) => Promise<ActionResult<{ value: string; ownerLabel: string } | Proposed>>;
  onRotated: (value: string, ownerLabel: string) => void;
  onCancel: () => void;
}) {
  const form = useForm<RotateSecretInput, unknown, RotateSecretValues>({
    resolver: useLazyZodResolver<RotateSecretInput, RotateSecretValues>(() => import("@/lib/secrets/schema").then((m) => m.rotateSecretSchema)),
    defaultValues: { secretId, graceDays: String(ROTATION_GRACE_DEFAULT_DAYS), description: "" },
  });

  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  // A governed client's secret waits for a second person's approval: say so, and keep the dialog.
  const onSubmit = submitWith(submit, (data) => (isProposed(data) ? setNotice(proposedNotice(data)) : onRotated(data.value, data.ownerLabel)));

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <input type="hidden" {...form.register("secretId")} />
      <TextField
        label="Grace period (days)"
        hint={`Both secrets work until the grace ends; then the old one expires by itself. 1 to ${ROTATION_GRACE_MAX_DAYS} days.`}
        type="number"
        inputMode="numeric"
        min={1}
        max={ROTATION_GRACE_MAX_DAYS}
        required
        {...fieldProps(form, "graceDays")}
      />
      <TextField
        label="Description of the new secret"
        hint="Leave empty for “Replaces …” and the old secret's last characters."
        maxLength={LIMITS.shortText}
        {...fieldProps(form, "description")}
      />
      <FormActions notice={notice} pending={pending} submitLabel="Rotate secret" cancel={{ label: "Cancel", onClick: onCancel }} />
    </form>
  );
}
