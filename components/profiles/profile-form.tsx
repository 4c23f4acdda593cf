"use client";

import { LIMITS } from "@/lib/validation/limits";
import type { z } from "zod";
import { SECRET_MAX_DAYS_LIMIT } from "@/lib/secrets/policy";
import { CheckboxField, TextField } from "@/components/ui/text-field";
import { fieldProps } from "@/components/ui/use-form";
import { createProfile, updateProfile } from "@/lib/profiles/actions";
import type { ProfileRow } from "@/lib/profiles/queries";
import type { profileSchema, ProfileInput } from "@/lib/profiles/schema";
import { ProfileDialogForm, useProfileDialogForm } from "./profile-dialog-form";

/**
 * Creates a profile, or edits `profile` (its identifier too; it must stay unique). `mayGovern`: the
 * admin is an Owner, who alone turns "Require approval" on or off (the server checks it again).
 */
export function ProfileForm({
  profile,
  mayGovern = false,
  onCancel,
  onSaved,
}: {
  profile?: ProfileRow;
  mayGovern?: boolean;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const dialog = useProfileDialogForm<ProfileInput, z.output<typeof profileSchema>>({
    schema: () => import("@/lib/profiles/schema").then((m) => m.profileSchema),
    defaultValues: {
      identifier: profile?.identifier ?? "",
      displayName: profile?.displayName ?? "",
      description: profile?.description ?? "",
      secretMaxDays: profile?.secretMaxDays?.toString() ?? "",
      requireApproval: profile?.requireApproval ?? false,
    },
    save: ({ requireApproval, ...rest }) => {
      // Not an Owner: the setting is left out, so the stored one stays.
      const values = mayGovern ? { ...rest, requireApproval } : rest;
      return profile ? updateProfile({ ...values, id: profile.id }) : createProfile(values);
    },
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
      <TextField
        label="Maximum secret lifetime (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={SECRET_MAX_DAYS_LIMIT}
        step={1}
        autoComplete="off"
        placeholder="No limit"
        hint="The secret policy of this profile's clients: a new secret expires after at most this many days, and by default after exactly that. Empty: no limit. Scope secrets have no policy."
        {...fieldProps(form, "secretMaxDays")}
      />
      <CheckboxField
        label="Require approval"
        role="switch"
        disabled={!mayGovern}
        hint={
          mayGovern
            ? "Changes to this profile's clients (create, edit, disable, enable, delete, new secret, rotation) wait for a second admin's approval."
            : "Only an Owner turns a second person's approval on or off."
        }
        {...form.register("requireApproval")}
      />
    </ProfileDialogForm>
  );
}
