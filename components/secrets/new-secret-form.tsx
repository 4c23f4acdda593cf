"use client";

import { fieldProps, useForm } from "@/components/ui/use-form";
import type { ActionResult } from "@/lib/actions/result";
import type { NewSecretInput, NewSecretValues } from "@/lib/secrets/schema";
import { LIMITS } from "@/lib/validation/limits";
import { DateTimeController } from "@/components/ui/date-time-field";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";

/** The new-secret dialog's form (components/secrets/secrets-panel.tsx fetches it with the dialog). */
export function NewSecretForm({
  submit,
  onCreated,
  onCancel,
}: {
  submit: (values: NewSecretInput) => Promise<ActionResult<{ value: string; ownerLabel: string }>>;
  onCreated: (value: string, ownerLabel: string) => void;
  onCancel: () => void;
}) {
  const form = useForm<NewSecretInput, unknown, NewSecretValues>({
    resolver: useLazyZodResolver<NewSecretInput, NewSecretValues>(() => import("@/lib/secrets/schema").then((m) => m.newSecretSchema)),
    defaultValues: { description: "", expiresAt: "" },
  });
  const { errors } = form.formState;

  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(submit, (data) => onCreated(data.value, data.ownerLabel));

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
        hint="Leave empty for a secret that never expires."
        errors={errors.expiresAt?.message}
      />
      <FormActions notice={notice} pending={pending} submitLabel={"Generate secret"} cancel={{ label: "Cancel", onClick: onCancel }} />
    </form>
  );
}
