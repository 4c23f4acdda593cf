"use client";

import { useWatch, type FieldValues, type Path, type PathValue, type UseFormReturn } from "react-hook-form";
import { Button } from "./button";
import { TextField } from "./text-field";

type SecretAction = "keep" | "replace" | "clear";

/**
 * A secret the server keeps and never sends back (a provider's client secret, the SMTP password):
 * creating, a password input; editing, only whether one is set, with Replace (an empty password
 * input) and Clear. `actionName` is the form's "keep" | "replace" | "clear" field, `name` the value's.
 */
export function WriteOnlySecretField<T extends FieldValues>({
  mode,
  form,
  name,
  actionName,
  hasSecret,
  error,
  label,
  noun,
  createHint,
}: {
  mode: "create" | "edit";
  form: UseFormReturn<T>;
  name: Path<T>;
  actionName: Path<T>;
  hasSecret: boolean;
  error?: string;
  /** "Client secret", "Password". */
  label: string;
  /** "secret", "password": in "A secret is set.", "Set a secret", "Keep the secret". */
  noun: string;
  createHint: string;
}) {
  const action = (useWatch({ control: form.control, name: actionName }) as SecretAction | undefined) ?? "keep";
  const setAction = (next: SecretAction) => {
    form.setValue(actionName, next as PathValue<T, Path<T>>);
    form.setValue(name, "" as PathValue<T, Path<T>>);
    form.clearErrors(name);
    if (next === "replace") setTimeout(() => form.setFocus(name), 0);
  };
  const input = (text: string, hint: string) => (
    <TextField label={text} type="password" autoComplete="new-password" spellCheck={false} hint={hint} {...form.register(name)} errors={error} />
  );

  if (mode === "create") return input(label, createHint);

  if (action === "replace") {
    return (
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">{input(`New ${label.toLowerCase()}`, `Replaces the stored ${noun} when you save. Stored encrypted.`)}</div>
        <Button type="button" variant="secondary" className="mt-6" onClick={() => setAction("keep")}>
          Cancel
        </Button>
      </div>
    );
  }

  return (
    <div className="pb-5">
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">{label}</p>
      <div className="mt-1 flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-800 dark:bg-slate-950">
        <p role="status" data-testid="secret-state" className="mr-auto text-sm text-slate-700 dark:text-slate-300">
          {action === "clear" ? `The ${noun} will be removed when you save.` : hasSecret ? `A ${noun} is set.` : `No ${noun} is set.`}
        </p>
        {action === "clear" ? (
          <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setAction("keep")}>
            Keep the {noun}
          </Button>
        ) : (
          <>
            <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setAction("replace")}>
              {hasSecret ? "Replace" : `Set a ${noun}`}
            </Button>
            {hasSecret && (
              <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setAction("clear")}>
                Clear
              </Button>
            )}
          </>
        )}
      </div>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">The stored {noun} is encrypted and never shown.</p>
    </div>
  );
}
