"use client";

import { fieldProps, useForm } from "@/components/ui/use-form";
import { proposedNotice } from "@/components/change-requests/proposed-notice";
import { isProposed, type Proposed } from "@/lib/change-requests/proposed";
import type { ActionResult } from "@/lib/actions/result";
import { ROTATION_GRACE_DEFAULT_DAYS } from "@/lib/secrets/rotation";
import type { RotateSecretInput, RotateSecretValues } from "@/lib/secrets/schema";
import { LIMITS } from "@/lib/validation/limits";
import { GraceDaysField } from "@/components/secrets/grace-days-field";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ReasonField } from "@/components/change-requests/reason-field";

/** The form's values: a governed client's rotation is proposed with a reason (lib/clients/actions.ts). */
type Values = RotateSecretInput & { reason?: string };

/** The rotate dialog's form (components/secrets/secrets-panel.tsx fetches it with the dialog). */
export function RotateSecretForm({
  secretId,
  submit,
  onRotated,
  onCancel,
  governed = false,
}: {
  secretId: string;
  submit: (values: Values) => Promise<ActionResult<{ value: string; ownerLabel: string } | Proposed>>;
  onRotated: (value: string, ownerLabel: string) => void;
  onCancel: () => void;
  /** The client's profile needs a second person's approval: the rotation is proposed, with a reason. */
  governed?: boolean;
}) {
  const form = useForm<Values, unknown, RotateSecretValues>({
    resolver: useLazyZodResolver<Values, RotateSecretValues>(() => import("@/lib/secrets/schema").then((m) => m.rotateSecretSchema)),
    defaultValues: { secretId, graceDays: String(ROTATION_GRACE_DEFAULT_DAYS), description: "", reason: "" },
  });

  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  // A governed client's secret waits for a second person's approval: say so, and keep the dialog.
  const onSubmit = submitWith(submit, (data) => (isProposed(data) ? setNotice(proposedNotice(data)) : onRotated(data.value, data.ownerLabel)));

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <input type="hidden" {...form.register("secretId")} />
      <GraceDaysField meaning="Both secrets work until the grace ends; then the old one expires by itself." {...fieldProps(form, "graceDays")} />
      <TextField
        label="Description of the new secret"
        hint="Leave empty for “Replaces …” and the old secret's last characters."
        maxLength={LIMITS.shortText}
        {...fieldProps(form, "description")}
      />
      {governed && <ReasonField {...fieldProps(form, "reason")} />}
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={governed ? "Propose rotation" : "Rotate secret"}
        cancel={{ label: "Cancel", onClick: onCancel }}
      />
    </form>
  );
}
