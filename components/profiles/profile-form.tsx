"use client";

import { LIMITS } from "@/lib/validation/limits";
import { useRouter } from "next/navigation";
import { useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { z } from "zod";
import { FormActions } from "@/components/ui/form-actions";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createProfile, updateProfile } from "@/lib/profiles/actions";
import type { ProfileRow } from "@/lib/profiles/queries";
import type { profileSchema, ProfileInput } from "@/lib/profiles/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";

/** Creates a profile, or edits `profile` (its identifier too; it must stay unique). */
export function ProfileForm({ profile, onCancel, onSaved }: { profile?: ProfileRow; onCancel: () => void; onSaved: () => void }) {
  const router = useRouter();
  const form = useForm<ProfileInput, unknown, z.output<typeof profileSchema>>({
    resolver: useLazyZodResolver<ProfileInput, z.output<typeof profileSchema>>(() => import("@/lib/profiles/schema").then((m) => m.profileSchema)),
    defaultValues: {
      identifier: profile?.identifier ?? "",
      displayName: profile?.displayName ?? "",
      description: profile?.description ?? "",
    },
  });

  const {
    register,
    formState: { errors },
  } = form;
  useUnsavedChanges(form);
  // Checked in the browser first; the action checks again (and checks uniqueness) on the server.
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(
    (values) => (profile ? updateProfile({ ...values, id: profile.id }) : createProfile(values)),
    () => {
      onSaved();
      router.refresh();
    },
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1">
      <TextField
        label="Identifier"
        required
        autoFocus
        autoComplete="off"
        spellCheck={false}
        hint="For example Administrator or RoleOfficerByCategory. Letters, digits and _."
        maxLength={LIMITS.key}
        {...register("identifier")}
        errors={errors.identifier?.message}
      />
      <TextField label="Display name" required autoComplete="off" maxLength={LIMITS.name} {...register("displayName")} errors={errors.displayName?.message} />
      <TextAreaField label="Description" maxLength={LIMITS.description} {...register("description")} errors={errors.description?.message} />
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={profile ? "Save changes" : "Create profile"}
        cancel={{ label: "Cancel", onClick: onCancel }}
      />
    </form>
  );
}
