"use client";

import { fieldProps, useForm } from "@/components/ui/use-form";
import { proposedNotice } from "@/components/change-requests/proposed-notice";
import { isProposed, type Proposed } from "@/lib/change-requests/proposed";
import type { ActionResult } from "@/lib/actions/result";
import { defaultExpiry } from "@/lib/secrets/policy";
import type { NewSecretInput, NewSecretValues } from "@/lib/secrets/schema";
import { LIMITS } from "@/lib/validation/limits";
import { DateTimeController } from "@/components/ui/date-time-field";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ReasonField } from "@/components/change-requests/reason-field";

/** The form's values: a governed client's secret is proposed with a reason (lib/clients/actions.ts). */
type Values = NewSecretInput & { reason?: string };

/** The policy's default expiry from now, to the minute (what the date input shows); "" for never. */
function defaultExpiryInput(maxDays: number | null): string {
  const expiry = defaultExpiry({ maxDays }, new Date());
  if (!expiry) return "";
  expiry.setUTCSeconds(0, 0);
  return expiry.toISOString();
}

/**
 * The new-secret dialog's form (components/secrets/secrets-panel.tsx fetches it with the dialog).
 * `maxDays`: the owner's secret policy (lib/secrets/policy.ts), its default expiry; the server enforces it.
 */
export function NewSecretForm({
  submit,
  onCreated,
  onCancel,
  maxDays = null,
  governed = false,
}: {
  submit: (values: Values) => Promise<ActionResult<{ value: string; ownerLabel: string } | Proposed>>;
  onCreated: (value: string, ownerLabel: string) => void;
  onCancel: () => void;
  maxDays?: number | null;
  /** The client's profile needs a second person's approval: the secret is proposed, with a reason. */
  governed?: boolean;
}) {
  const form = useForm<Values, unknown, NewSecretValues>({
    resolver: useLazyZodResolver<Values, NewSecretValues>(() => import("@/lib/secrets/schema").then((m) => m.newSecretSchema)),
    defaultValues: { description: "", expiresAt: defaultExpiryInput(maxDays), reason: "" },
  });
  const { errors } = form.formState;

  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  // A governed client's secret waits for a second person's approval: say so, and keep the dialog.
  const onSubmit = submitWith(submit, (data) => (isProposed(data) ? setNotice(proposedNotice(data)) : onCreated(data.value, data.ownerLabel)));

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <TextField
        label="Description"
        hint="What uses this secret, e.g. “orders service, prod”."
        maxLength={LIMITS.shortText}
        {...fieldProps(form, "description")}
      />
      <DateTimeController
        control={form.control}
        name="expiresAt"
        label="Expires"
        hint={
          maxDays === null
            ? "Leave empty for a secret that never expires."
            : `The profile's secret policy: at most ${maxDays} day${maxDays === 1 ? "" : "s"} from now (the default).`
        }
        errors={errors.expiresAt?.message}
      />
      {governed && <ReasonField {...fieldProps(form, "reason")} />}
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={governed ? "Propose new secret" : "Generate secret"}
        cancel={{ label: "Cancel", onClick: onCancel }}
      />
    </form>
  );
}
