"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { DefaultValues, FieldValues, Path } from "react-hook-form";
import type { ZodType } from "zod";
import type { ActionResult } from "@/lib/actions/result";
import { LIMITS } from "@/lib/validation/limits";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextAreaField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";

type Described = FieldValues & { description: string };

/**
 * The form of a profile dialog (a profile, a profile context): its zod schema checked in the
 * browser, a warning before unsaved edits are lost, the action's refusal by the fields; once saved
 * the dialog closes (`onSaved`) and the page reloads its rows.
 */
export function useProfileDialogForm<TValues extends Described, TOutput>({
  schema,
  defaultValues,
  save,
  onSaved,
}: {
  schema: () => Promise<ZodType>;
  defaultValues: DefaultValues<TValues>;
  save: (values: TValues) => Promise<ActionResult<unknown>>;
  onSaved: () => void;
}) {
  const router = useRouter();
  const form = useForm<TValues, unknown, TOutput>({ resolver: useLazyZodResolver<TValues, TOutput>(schema), defaultValues });
  useUnsavedChanges(form);
  // Checked in the browser first; the action checks again (and checks uniqueness) on the server.
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(save, () => {
    onSaved();
    router.refresh();
  });
  return { form, onSubmit, pending, notice };
}

/** The dialog's form: its own fields, then the Description both kinds have, then Cancel and submit. */
export function ProfileDialogForm<TValues extends Described, TOutput>({
  dialog: { form, onSubmit, pending, notice },
  submitLabel,
  onCancel,
  children,
}: {
  dialog: ReturnType<typeof useProfileDialogForm<TValues, TOutput>>;
  submitLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1">
      {children}
      <TextAreaField label="Description" maxLength={LIMITS.description} {...fieldProps(form, "description" as Path<TValues>)} />
      <FormActions notice={notice} pending={pending} submitLabel={submitLabel} cancel={{ label: "Cancel", onClick: onCancel }} />
    </form>
  );
}
