"use client";

import { fieldProps, useForm } from "@/components/ui/use-form";
import { redeemAdminLink } from "@/lib/admins/actions";
import type { RedeemLinkInput } from "@/lib/admins/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { LIMITS } from "@/lib/validation/limits";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";

/** Choose a password for an invitation or a password-reset link; success signs the admin in (a redirect). */
export function RedeemLinkForm({ token, email, submitLabel }: { token: string; email: string; submitLabel: string }) {
  const form = useForm<RedeemLinkInput>({
    resolver: useLazyZodResolver<RedeemLinkInput>(() => import("@/lib/admins/schema").then((m) => m.redeemLinkSchema)),
    defaultValues: { token, password: "", confirmation: "" },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  // On success the action signs the admin in and redirects: there is no result to read.
  const onSubmit = submitWith(
    async (values) => (await redeemAdminLink(values)) ?? { ok: true as const, data: null },
    () => undefined,
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Choose your password">
      {/* For password managers: the account the new password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <input type="hidden" {...form.register("token")} />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        autoFocus
        required
        hint={`At least ${LIMITS.passwordMin} characters. A passphrase of a few unrelated words is easy to remember.`}
        {...fieldProps(form, "password")}
      />
      <TextField label="Repeat the password" type="password" autoComplete="new-password" required {...fieldProps(form, "confirmation")} />
      <FormMessage message={notice?.text} tone={notice?.tone} />
      <Button type="submit" pending={pending} className="mt-2 w-full">
        {pending ? "Signing in…" : submitLabel}
      </Button>
    </form>
  );
}
