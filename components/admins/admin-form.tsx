"use client";

import { useRouter } from "next/navigation";
import { useWatch, type UseFormReturn } from "react-hook-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import type { RevealedLink } from "@/lib/admins/actions";
import { changeAdminRole, inviteAdmin } from "@/lib/admins/actions";
import type { ChangeAdminRoleInput, InviteAdminInput } from "@/lib/admins/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { ROLES } from "@/lib/auth/permissions";
import { FormActions } from "@/components/ui/form-actions";
import { SelectField, TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";

export type BindingOptions = {
  profiles: { id: string; displayName: string }[];
  contexts: { id: number; category: string; d0: string }[];
  /** Whether the portal mails invitation and reset links (SMTP_URL is set) instead of showing them. */
  sendsMail: boolean;
};

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  Owner: "Everything, including admins, signing keys and identity providers.",
  Editor: "Clients, scopes, profiles, secrets and end users' sign-ins; reads the rest.",
  Auditor: "Reads everything, including the audit log; changes nothing.",
};

type BindingValues = Pick<ChangeAdminRoleInput, "role" | "profileId" | "profileContextId">;

/** Role and scope of responsibility: the fields shared by the invitation and the role dialog. */
function BindingFields({ form, options }: { form: UseFormReturn<BindingValues>; options: BindingOptions }) {
  const role = useWatch({ control: form.control, name: "role" });
  return (
    <>
      <SelectField
        label="Role"
        required
        options={ROLES.map((r) => ({ value: r, label: r }))}
        hint={ROLE_HINTS[role as keyof typeof ROLE_HINTS]}
        {...fieldProps(form, "role")}
      />
      {role !== "Owner" && (
        <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <legend className="px-1 text-sm font-medium">Scope of responsibility</legend>
          <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
            Optional. Bound to a profile context, the admin sees and manages only that context&apos;s clients, always with this profile — no scopes, providers,
            keys, admins or audit log.
          </p>
          <SelectField
            label="Profile"
            placeholder="Not bound (everything the role allows)"
            options={options.profiles.map((p) => ({ value: p.id, label: p.displayName }))}
            {...fieldProps(form, "profileId")}
          />
          <SelectField
            label="Profile context"
            placeholder="Not bound"
            options={options.contexts.map((c) => ({ value: String(c.id), label: `${c.category} / ${c.d0} (${c.id})` }))}
            {...fieldProps(form, "profileContextId")}
          />
        </fieldset>
      )}
    </>
  );
}

/** Invites an admin; the link goes to `onInvited` to be revealed once. */
export function InviteAdminForm({ options, onInvited, onCancel }: { options: BindingOptions; onInvited: (link: RevealedLink) => void; onCancel: () => void }) {
  const router = useRouter();
  const form = useForm<InviteAdminInput>({
    resolver: useLazyZodResolver<InviteAdminInput>(() => import("@/lib/admins/schema").then((m) => m.inviteAdminSchema)),
    defaultValues: { email: "", name: "", role: "Editor", profileId: "", profileContextId: "" },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(inviteAdmin, (link) => {
    onInvited(link);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Invite an admin">
      <TextField label="Email" type="email" required autoComplete="off" spellCheck={false} {...fieldProps(form, "email")} />
      <TextField label="Name" required autoComplete="off" {...fieldProps(form, "name")} />
      <BindingFields form={form as unknown as UseFormReturn<BindingValues>} options={options} />
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={options.sendsMail ? "Send invitation" : "Create invitation link"}
        cancel={{ label: "Cancel", onClick: onCancel }}
      />
    </form>
  );
}

/** Changes an admin's role and scope of responsibility. */
export function ChangeRoleForm({
  options,
  defaultValues,
  onDone,
  onCancel,
}: {
  options: BindingOptions;
  defaultValues: ChangeAdminRoleInput;
  onDone: () => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const form = useForm<ChangeAdminRoleInput>({
    resolver: useLazyZodResolver<ChangeAdminRoleInput>(() => import("@/lib/admins/schema").then((m) => m.changeAdminRoleSchema)),
    defaultValues,
  });
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(changeAdminRole, () => {
    onDone();
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Change role">
      <BindingFields form={form as unknown as UseFormReturn<BindingValues>} options={options} />
      <FormActions notice={notice} pending={pending} submitLabel="Save role" cancel={{ label: "Cancel", onClick: onCancel }} />
    </form>
  );
}
