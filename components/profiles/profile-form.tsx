"use client";

import { LIMITS } from "@/lib/validation/limits";
import type { z } from "zod";
import { TextField } from "@/components/ui/text-field";
import { fieldProps } from "@/components/ui/use-form";
import { createProfile, updateProfile } from "@/lib/profiles/actions";
import type { ProfileRow } from "@/lib/profiles/queries";
import type { profileSchema, ProfileInput } from "@/lib/profiles/schema";
import { ProfileDialogForm, useProfileDialogForm } from "./profile-dialog-form";

/** Creates a profile, or edits `profile` (its identifier too; it must stay unique). */
export function ProfileForm({ profile, onCancel, onSaved }: { profile?: ProfileRow; onCancel: () => void; onSaved: () => void }) {
  const dialog = useProfileDialogForm<ProfileInput, z.output<typeof profileSchema>>({
    schema: () => import("@/lib/profiles/schema").then((m) => m.profileSchema),
    defaultValues: {
      identifier: profile?.identifier ?? "",
      displayName: profile?.displayName ?? "",
      description: profile?.description ?? "",
    },
    save: (values) => (profile ? updateProfile({ ...values, id: profile.id }) : createProfile(values)),
    onSaved,
  });
  const { form } = dialog;

  return (
    <ProfileDialogForm dialog={dialog} submitLabel={profile ? "Save changes" : "Create profile"} onCancel={onCancel}>
      <TextField
        label="Identifier"
        required
        autoFocus
        autoComplete="off"
        spellCheck={false}
        hint="For example Administrator or RoleOfficerByCategory. Letters, digits and _."
        maxLength={LIMITS.key}
        {...fieldProps(form, "identifier")}
      />
      <TextField label="Display name" required autoComplete="off" maxLength={LIMITS.name} {...fieldProps(form, "displayName")} />
    </ProfileDialogForm>
  );
}
