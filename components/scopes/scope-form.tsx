"use client";

import { LIMITS } from "@/lib/validation/limits";
import { useRouter } from "next/navigation";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { createScope, updateScope } from "@/lib/scopes/actions";
import type { ScopeInput } from "@/lib/scopes/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/text-field";
import { FormActions } from "@/components/ui/form-actions";
import { useActionForm } from "@/components/ui/use-action-form";

type Values = ScopeInput & { id?: string };

/** Create or edit a scope. A built-in scope keeps its name. */
export function ScopeForm({
  mode,
  defaultValues,
  builtIn = false,
  onCancel,
}: {
  mode: "create" | "edit";
  defaultValues: Values;
  builtIn?: boolean;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const form = useForm<Values>({
    resolver: useLazyZodResolver<Values>(() => import("@/lib/scopes/schema").then((m) => (mode === "create" ? m.scopeSchema : m.updateScopeSchema))),
    defaultValues,
  });
  useUnsavedChanges(form);

  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit =
    mode === "create"
      ? submitWith(createScope, (data, values) => {
          form.reset(values);
          router.push(`/scopes/${data.id}`);
        })
      : submitWith(
          (values) => updateScope({ ...values, id: values.id! }),
          (_, values) => {
            form.reset(values);
            setNotice({ text: "Saved.", tone: "success" });
            router.refresh();
          },
        );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label={mode === "create" ? "New scope" : "Edit scope"}>
      <TextField
        label="Name"
        required
        readOnly={builtIn}
        spellCheck={false}
        autoComplete="off"
        hint={builtIn ? "Built-in scope: the name cannot change." : "The value clients send in the scope parameter, e.g. orders.read."}
        maxLength={LIMITS.key}
        {...fieldProps(form, "name")}
      />
      <TextField label="Display name" required maxLength={LIMITS.name} {...fieldProps(form, "displayName")} />
      <TextAreaField label="Description" rows={2} maxLength={LIMITS.description} {...fieldProps(form, "description")} />
      <CheckboxField label="Enabled" hint="Clients cannot get tokens for a disabled scope." {...form.register("enabled")} />
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={mode === "create" ? "Create scope" : "Save changes"}
        cancel={onCancel && { label: "Cancel", onClick: onCancel }}
      />
    </form>
  );
}
