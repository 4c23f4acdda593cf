"use client";

import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { verifySecondStep } from "@/lib/mfa/actions";
import type { SecondStepInput } from "@/lib/mfa/schema";

/** /mfa: the code from an authenticator app, or a recovery code; then on to the page asked for. */
export function SecondStepForm() {
  const form = useForm<SecondStepInput>({
    resolver: useLazyZodResolver<SecondStepInput>(() => import("@/lib/mfa/schema").then((m) => m.secondStepSchema)),
    defaultValues: { code: "" },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  // On success the action redirects to the page asked for: there is no result to read.
  const onSubmit = submitWith(
    async (values) => (await verifySecondStep(values)) ?? { ok: true as const, data: null },
    () => undefined,
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Second factor">
      <TextField
        label="Code"
        autoComplete="one-time-code"
        autoFocus
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={40}
        hint="The six-digit code from your authenticator app, or one of your recovery codes."
        {...fieldProps(form, "code")}
      />
      <FormActions notice={notice} pending={pending} submitLabel="Verify" />
    </form>
  );
}
