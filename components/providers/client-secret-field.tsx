"use client";

import type { UseFormReturn } from "react-hook-form";
import { WriteOnlySecretField } from "@/components/ui/write-only-secret-field";
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
  return (
    <WriteOnlySecretField
      mode={mode}
      form={form}
      name="clientSecret"
      actionName="secretAction"
      hasSecret={hasSecret}
      error={error}
      label="Client secret"
      noun="secret"
      createHint="Optional. Stored encrypted; it is never shown again, only replaced or cleared."
    />
  );
}
