"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { createScope, updateScope } from "@/lib/scopes/actions";
import { scopeSchema, updateScopeSchema, type ScopeInput } from "@/lib/scopes/schema";
import { Button } from "@/components/ui/button";
import { applyServerErrors } from "@/components/ui/form-errors";
import { FormMessage } from "@/components/ui/form-message";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/text-field";

type Values = ScopeInput & { id?: string };

/** Create or edit a scope. A built-in scope keeps its name. */
export function ScopeForm({ mode, defaultValues, builtIn = false, onCancel }: { mode: "create" | "edit"; defaultValues: Values; builtIn?: boolean; onCancel?: () => void }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({
    resolver: zodResolver(mode === "create" ? scopeSchema : updateScopeSchema) as unknown as Resolver<Values>,
    defaultValues,
  });
  const { errors } = form.formState;

  const onValid = () =>
    startTransition(async () => {
      const values = form.getValues();
      const result = mode === "create" ? await createScope(values) : await updateScope({ ...values, id: values.id! });
      if (!result.ok) {
        setMessage({ text: result.message, tone: "error" });
        return applyServerErrors(form.setError, result.fieldErrors);
      }
      if (mode === "create" && result.data) return router.push(`/scopes/${result.data.id}`);
      form.reset(values);
      setMessage({ text: "Saved.", tone: "success" });
      router.refresh();
    });

  return (
    <form onSubmit={form.handleSubmit(onValid)} noValidate className="space-y-1" aria-label={mode === "create" ? "New scope" : "Edit scope"}>
      <TextField
        label="Name"
        required
        readOnly={builtIn}
        spellCheck={false}
        autoComplete="off"
        hint={builtIn ? "Built-in scope: the name cannot change." : "The value clients send in the scope parameter, e.g. orders.read."}
        {...form.register("name")}
        errors={errors.name?.message}
      />
      <TextField label="Display name" required {...form.register("displayName")} errors={errors.displayName?.message} />
      <TextAreaField label="Description" rows={2} {...form.register("description")} errors={errors.description?.message} />
      <CheckboxField label="Enabled" hint="Clients cannot get tokens for a disabled scope." {...form.register("enabled")} />
      <div className="flex flex-wrap items-center justify-end gap-3 pt-3">
        <div className="mr-auto">
          <FormMessage message={message?.text} tone={message?.tone} />
        </div>
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {mode === "create" ? "Create scope" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
