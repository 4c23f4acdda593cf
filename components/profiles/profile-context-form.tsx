"use client";

import { LIMITS } from "@/lib/validation/limits";
import type { z } from "zod";
import { TextField } from "@/components/ui/text-field";
import { fieldProps } from "@/components/ui/use-form";
import { createProfileContext, updateProfileContext } from "@/lib/profiles/actions";
import type { ProfileContextRow } from "@/lib/profiles/queries";
import type { profileContextSchema, ProfileContextInput } from "@/lib/profiles/schema";
import { ProfileDialogForm, useProfileDialogForm } from "./profile-dialog-form";

/** Creates a profile context, or edits `context` (everything but its Id, which clients refer to). */
export function ProfileContextForm({ context, onCancel, onSaved }: { context?: ProfileContextRow; onCancel: () => void; onSaved: () => void }) {
  const dialog = useProfileDialogForm<ProfileContextInput, z.output<typeof profileContextSchema>>({
    schema: () => import("@/lib/profiles/schema").then((m) => m.profileContextSchema),
    defaultValues: {
      id: context ? String(context.id) : "",
      category: context?.category ?? "",
      d0: context?.d0 ?? "",
      description: context?.description ?? "",
    },
    save: (values) => (context ? updateProfileContext({ ...values, id: context.id }) : createProfileContext(values)),
    onSaved,
  });
  const { form } = dialog;

  return (
    <ProfileDialogForm dialog={dialog} submitLabel={context ? "Save changes" : "Create profile context"} onCancel={onCancel}>
      {context ? (
        <TextField label="Id" readOnly hint="Clients and other systems refer to this Id, so it never changes." {...form.register("id")} />
      ) : (
        <TextField
          label="Id"
          required
          autoFocus
          type="number"
          inputMode="numeric"
          step={1}
          placeholder="-2"
          hint="Chosen by you: -2 or lower. It cannot be changed later."
          {...fieldProps(form, "id")}
        />
      )}
      <TextField label="Category" required autoFocus={Boolean(context)} autoComplete="off" maxLength={LIMITS.name} {...fieldProps(form, "category")} />
      <TextField label="D0" required autoComplete="off" hint="The dimension value." maxLength={LIMITS.name} {...fieldProps(form, "d0")} />
    </ProfileDialogForm>
  );
}
