"use client";

import { useWatch, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ProviderFormValues } from "./provider-form";

/**
 * The client secret, write-only: creating, a password input; editing, only whether a secret is set,
 * with Replace (an empty password input) and Clear. The stored value never reaches the browser.
 */
export function ClientSecretField({
  mode,
  form,
  hasSecret,
  error,
}: {
  mode: "create" | "edit";
  form: UseFormReturn<ProviderFormValues>;
  hasSecret: boolean;
  error?: string;
}) {
  const action = useWatch({ control: form.control, name: "secretAction" }) ?? "keep";
  const setAction = (next: "keep" | "replace" | "clear") => {
    form.setValue("secretAction", next);
    form.setValue("clientSecret", "");
    form.clearErrors("clientSecret");
    if (next === "replace") setTimeout(() => form.setFocus("clientSecret"), 0);
  };
  const input = (label: string, hint: string) => (
    <TextField label={label} type="password" autoComplete="new-password" spellCheck={false} hint={hint} {...form.register("clientSecret")} errors={error} />
  );

  if (mode === "create") return input("Client secret", "Optional. Stored encrypted; it is never shown again, only replaced or cleared.");

  if (action === "replace") {
    return (
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">{input("New client secret", "Replaces the stored secret when you save. Stored encrypted.")}</div>
        <Button type="button" variant="secondary" className="mt-6" onClick={() => setAction("keep")}>
          Cancel
        </Button>
      </div>
    );
  }

  return (
    <div className="pb-5">
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">Client secret</p>
      <div className="mt-1 flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-800 dark:bg-slate-950">
        <p role="status" data-testid="secret-state" className="mr-auto text-sm text-slate-700 dark:text-slate-300">
          {action === "clear" ? "The secret will be removed when you save." : hasSecret ? "A secret is set." : "No secret is set."}
        </p>
        {action === "clear" ? (
          <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setAction("keep")}>
            Keep the secret
          </Button>
        ) : (
          <>
            <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setAction("replace")}>
              {hasSecret ? "Replace" : "Set a secret"}
            </Button>
            {hasSecret && (
              <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setAction("clear")}>
                Clear
              </Button>
            )}
          </>
        )}
      </div>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">The stored secret is encrypted and never shown.</p>
    </div>
  );
}
