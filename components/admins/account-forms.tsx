"use client";

import { useRouter } from "next/navigation";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { changeOwnPassword, updateOwnName } from "@/lib/admins/actions";
import type { AccountNameInput, ChangePasswordInput } from "@/lib/admins/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { LIMITS } from "@/lib/validation/limits";
import { FormActions } from "@/components/ui/form-actions";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";

/** /account: one's own name. */
export function AccountNameForm({ name }: { name: string }) {
  const router = useRouter();
  const form = useForm<AccountNameInput>({
    resolver: useLazyZodResolver<AccountNameInput>(() => import("@/lib/admins/schema").then((m) => m.accountNameSchema)),
    defaultValues: { name },
  });
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit = submitWith(updateOwnName, (_, values) => {
    form.reset(values);
    setNotice({ text: "Saved.", tone: "success" });
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Your name">
      <TextField label="Name" required autoComplete="name" {...fieldProps(form, "name")} />
      <FormActions notice={notice} pending={pending} submitLabel="Save name" />
    </form>
  );
}

/** /account: one's own password, the current one required. */
export function ChangePasswordForm({ email }: { email: string }) {
  const form = useForm<ChangePasswordInput>({
    resolver: useLazyZodResolver<ChangePasswordInput>(() => import("@/lib/admins/schema").then((m) => m.changePasswordSchema)),
    defaultValues: { currentPassword: "", password: "", confirmation: "" },
  });
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit = submitWith(changeOwnPassword, () => {
    form.reset();
    setNotice({ text: "Password changed. Your other sessions have ended.", tone: "success" });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Change your password">
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField label="Current password" type="password" autoComplete="current-password" required {...fieldProps(form, "currentPassword")} />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${LIMITS.passwordMin} characters.`}
        {...fieldProps(form, "password")}
      />
      <TextField label="Repeat the new password" type="password" autoComplete="new-password" required {...fieldProps(form, "confirmation")} />
      <FormActions notice={notice} pending={pending} submitLabel="Change password" />
    </form>
  );
}
