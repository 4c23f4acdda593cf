"use client";

import { LIMITS } from "@/lib/validation/limits";
import { useRouter } from "next/navigation";
import { useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { z } from "zod";
import { FormActions } from "@/components/ui/form-actions";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createProfileContext, updateProfileContext } from "@/lib/profiles/actions";
import type { ProfileContextRow } from "@/lib/profiles/queries";
import type { profileContextSchema, ProfileContextInput } from "@/lib/profiles/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";

/** Creates a profile context, or edits `context` (everything but its Id, which clients refer to). */
export function ProfileContextForm({ context, onCancel, onSaved }: { context?: ProfileContextRow; onCancel: () => void; onSaved: () => void }) {
  const router = useRouter();
  const form = useForm<ProfileContextInput, unknown, z.output<typeof profileContextSchema>>({
    resolver: useLazyZodResolver<ProfileContextInput, z.output<typeof profileContextSchema>>(() =>
      import("@/lib/profiles/schema").then((m) => m.profileContextSchema),
    ),
    defaultValues: {
      id: context ? String(context.id) : "",
      category: context?.category ?? "",
      d0: context?.d0 ?? "",
      description: context?.description ?? "",
    },
  });

  const {
    register,
    formState: { errors },
  } = form;
  useUnsavedChanges(form);
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(
    (values) => (context ? updateProfileContext({ ...values, id: context.id }) : createProfileContext(values)),
    () => {
      onSaved();
      router.refresh();
    },
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1">
      {context ? (
        <TextField label="Id" readOnly hint="Clients and other systems refer to this Id, so it never changes." {...register("id")} />
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
          {...register("id")}
          errors={errors.id?.message}
        />
      )}
      <TextField
        label="Category"
        required
        autoFocus={Boolean(context)}
        autoComplete="off"
        maxLength={LIMITS.name}
        {...register("category")}
        errors={errors.category?.message}
      />
      <TextField label="D0" required autoComplete="off" hint="The dimension value." maxLength={LIMITS.name} {...register("d0")} errors={errors.d0?.message} />
      <TextAreaField label="Description" maxLength={LIMITS.description} {...register("description")} errors={errors.description?.message} />
      <FormActions
        notice={notice}
        pending={pending}
        submitLabel={context ? "Save changes" : "Create profile context"}
        cancel={{ label: "Cancel", onClick: onCancel }}
      />
    </form>
  );
}
