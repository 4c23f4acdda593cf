"use client";

import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { errorMessage } from "@/components/ui/form-errors";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { createWebhook, type RevealedSigningSecret } from "@/lib/webhooks/actions";
import type { EventChoice } from "@/lib/webhooks/events";
import type { NewWebhookInput, NewWebhookValues } from "@/lib/webhooks/schema";

/** Adds a webhook; its signing secret goes to `onCreated` to be revealed once. */
export function NewWebhookForm({
  choices,
  onCreated,
  onCancel,
}: {
  choices: EventChoice[];
  onCreated: (created: RevealedSigningSecret) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const form = useForm<NewWebhookInput, unknown, NewWebhookValues>({
    resolver: useLazyZodResolver<NewWebhookInput, NewWebhookValues>(() => import("@/lib/webhooks/schema").then((m) => m.newWebhookSchema)),
    defaultValues: { url: "", description: "", events: ["audit.*"] },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(createWebhook, (created) => {
    onCreated(created);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Add a webhook">
      <TextField
        label="URL"
        type="url"
        required
        autoComplete="off"
        spellCheck={false}
        placeholder="https://siem.example.com/portal-events"
        hint="Receives a signed POST per event (Standard Webhooks). https only."
        {...fieldProps(form, "url")}
      />
      <TextField label="Description" autoComplete="off" hint="What receives it, e.g. “SIEM, prod”." {...fieldProps(form, "description")} />
      <Controller
        control={form.control}
        name="events"
        render={({ field }) => (
          <CheckboxGroup
            legend="Events"
            hint="An area's audit events, every audit event, or expiry warnings of client and scope secrets."
            name={field.name}
            options={choices}
            value={field.value ?? []}
            onChange={field.onChange}
            error={errorMessage(form.formState.errors.events)}
          />
        )}
      />
      <FormActions notice={notice} pending={pending} submitLabel="Add webhook" cancel={{ label: "Cancel", onClick: onCancel }} />
    </form>
  );
}
