"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useWatch } from "react-hook-form";
import { useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { createClient, updateClient } from "@/lib/clients/actions";
import { confirmSecretStored } from "@/lib/onboarding/actions";
import type { CreateClientInput } from "@/lib/clients/schema";
import { CLIENT_FLOWS, ID_TOKEN_SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from "@/lib/clients/vocabulary";
import { LIMITS } from "@/lib/validation/limits";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { FormActions } from "@/components/ui/form-actions";
import { FormSection } from "@/components/ui/form-section";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { DateTimeController } from "@/components/ui/date-time-field";
import { errorMessage, errorMessages } from "@/components/ui/form-errors";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { SecretRevealDialog, type RevealedSecret } from "@/components/secrets/secret-reveal-dialog";

/** The form's values: the create schema's input, plus the key and version when editing. */
export type ClientFormValues = CreateClientInput & { id?: string; version?: number };

type Option = { value: string; label: string };

const AUTH_METHOD_LABELS: Record<string, string> = {
  client_secret_basic: "client_secret_basic (HTTP Basic)",
  client_secret_post: "client_secret_post (form body)",
  none: "none (public client)",
};

/** Create or edit a client. One zod schema drives the browser's messages and the server's check. */
export function ClientForm({
  mode,
  defaultValues,
  profiles,
  profileContexts,
  bindingLocked = false,
  scopes,
  apiRoles,
}: {
  mode: "create" | "edit";
  defaultValues: ClientFormValues;
  profiles: Option[];
  profileContexts: Option[];
  /** A context-bound admin: only their profile and context are offered, no "none" (lib/clients/form-values.ts bindingPickers). */
  bindingLocked?: boolean;
  scopes: (Option & { detail?: string })[];
  /** The admin API roles this admin may grant (lib/clients/form-values.ts apiRoleOptions). */
  apiRoles: Option[];
}) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<(RevealedSecret & { clientInternalId: string }) | null>(null);
  const form = useForm<ClientFormValues>({
    resolver: useLazyZodResolver<ClientFormValues>(() =>
      import("@/lib/clients/schema").then((m) => (mode === "create" ? m.createClientSchema : m.updateClientSchema)),
    ),
    defaultValues,
    mode: "onTouched",
  });
  const { errors } = form.formState;
  useUnsavedChanges(form);
  const flow = useWatch({ control: form.control, name: "flow" });

  // The raw form values go to the server, which parses them with the same schema.
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit =
    mode === "create"
      ? submitWith(createClient, ({ id, clientId, secret }, values) => {
          form.reset(values); // saved: nothing left to lose
          if (secret) setRevealed({ value: secret.value, ownerLabel: clientId, ownerKind: "client", clientInternalId: id });
          else router.push(`/clients/${id}`);
        })
      : submitWith(
          ({ clientId: _immutable, ...edit }) => updateClient({ ...edit, id: edit.id!, version: edit.version! }),
          ({ version }, values) => {
            form.reset({ ...values, version });
            setNotice({ text: "Saved.", tone: "success" });
            router.refresh();
          },
        );

  const isClientCredentials = flow === "ClientCredentials";

  return (
    <>
      <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label={mode === "create" ? "New client" : "Edit client"}>
        <FormSection title="Identity" description="How the client signs in and how people recognise it.">
          <TextField
            label="Client ID"
            required
            hint={
              mode === "create"
                ? "The OIDC client_id (login name). Letters, digits and . _ ~ - only. It cannot be changed later."
                : "The OIDC client_id cannot be changed."
            }
            readOnly={mode === "edit"}
            autoComplete="off"
            spellCheck={false}
            maxLength={LIMITS.key}
            {...form.register("clientId")}
            errors={errors.clientId?.message}
          />
          <TextField label="Display name" required maxLength={LIMITS.name} {...form.register("displayName")} errors={errors.displayName?.message} />
          <TextAreaField label="Description" rows={2} maxLength={LIMITS.description} {...form.register("description")} errors={errors.description?.message} />
          <TextAreaField
            label="Owners"
            rows={2}
            maxLength={LIMITS.description}
            hint="The people or team responsible for this client: one a line, a name or an email."
            {...form.register("owners")}
            errors={errorMessages(errors.owners)}
          />
          <TextAreaField
            label="Contacts"
            rows={2}
            maxLength={LIMITS.description}
            hint="Whom to contact about it (on call, support): one a line."
            {...form.register("contacts")}
            errors={errorMessages(errors.contacts)}
          />
        </FormSection>

        <FormSection title="Protocol" description="Flow, token endpoint authentication and where users may be sent back.">
          <SelectField
            label="Flow"
            required
            options={CLIENT_FLOWS.map((f) => ({ value: f, label: f }))}
            {...form.register("flow", { onChange: () => form.trigger(["redirectUris", "tokenEndpointAuthMethod"]) })}
            errors={errors.flow?.message}
          />
          <SelectField
            label="Token endpoint authentication (token_endpoint_auth_method)"
            required
            options={TOKEN_ENDPOINT_AUTH_METHODS.map((m) => ({ value: m, label: AUTH_METHOD_LABELS[m] ?? m }))}
            hint="Confidential clients get a secret when they are created."
            {...form.register("tokenEndpointAuthMethod", { onChange: () => form.trigger("tokenEndpointAuthMethod") })}
            errors={errors.tokenEndpointAuthMethod?.message}
          />
          <SelectField
            label="ID token signing algorithm (id_token_signed_response_alg)"
            required
            options={ID_TOKEN_SIGNING_ALGS.map((a) => ({ value: a, label: a }))}
            {...form.register("idTokenSignedResponseAlg")}
            errors={errors.idTokenSignedResponseAlg?.message}
          />
          <TextAreaField
            label="Redirect URIs"
            required={!isClientCredentials}
            rows={3}
            spellCheck={false}
            placeholder="https://app.example.com/callback"
            hint={
              isClientCredentials
                ? "Not used by ClientCredentials clients; leave empty."
                : "One absolute URL per line: https (http only for localhost), no #fragment."
            }
            maxLength={LIMITS.uriLines}
            {...form.register("redirectUris")}
            errors={errorMessages(errors.redirectUris)}
          />
          <TextAreaField
            label="Post-logout redirect URIs"
            rows={2}
            spellCheck={false}
            hint="Optional. One URL per line, same rules."
            maxLength={LIMITS.uriLines}
            {...form.register("postLogoutRedirectUris")}
            errors={errorMessages(errors.postLogoutRedirectUris)}
          />
        </FormSection>

        <FormSection title="Access" description="What the client may do, and until when.">
          <Controller
            control={form.control}
            name="scopeIds"
            render={({ field }) => (
              <CheckboxGroup
                legend="Allowed scopes"
                hint="The scopes this client may request."
                name={field.name}
                options={scopes}
                value={field.value ?? []}
                onChange={field.onChange}
                error={errorMessage(errors.scopeIds)}
              />
            )}
          />
          <SelectField
            label="Profile"
            required
            placeholder={bindingLocked ? undefined : "Choose a profile…"}
            options={profiles}
            hint={
              bindingLocked
                ? "Your account is bound to this profile."
                : profiles.length === 0
                  ? "No profiles exist yet: create one under Profiles first."
                  : undefined
            }
            {...form.register("profileId")}
            errors={errors.profileId?.message}
          />
          <SelectField
            label="Profile context"
            placeholder={bindingLocked ? undefined : "None (the whole profile)"}
            options={profileContexts}
            hint={
              bindingLocked
                ? "Your account is bound to this profile context: your clients stay in it."
                : "Optional: narrows the profile to a scope of responsibility."
            }
            {...form.register("profileContextId")}
            errors={errors.profileContextId?.message}
          />
          <SelectField
            label="Admin API access"
            placeholder="None"
            options={apiRoles}
            hint="What this client may do in the portal's own admin API (/api/v0), within its profile context when it has one. You can grant only what you hold yourself."
            {...form.register("adminApiRole")}
            errors={errors.adminApiRole?.message}
          />
          <DateTimeController
            control={form.control}
            name="expiresAt"
            label="Expires"
            hint="Optional. After this moment the client can no longer be used."
            errors={errors.expiresAt?.message}
          />
          <CheckboxField label="Enabled" hint="A disabled client cannot get tokens." {...form.register("enabled")} />
        </FormSection>

        {mode === "create" && form.watch("tokenEndpointAuthMethod") !== "none" && (
          <FormSection title="First secret" description="Generated when the client is created and shown once.">
            <TextField
              label="What uses the first secret"
              hint="Shown beside the secret, e.g. “nightly jobs, prod”. Leave empty for “Initial secret”."
              maxLength={LIMITS.shortText}
              {...form.register("firstSecretDescription")}
              errors={errors.firstSecretDescription?.message}
            />
          </FormSection>
        )}

        <FormActions
          divided
          notice={notice}
          pending={pending}
          submitLabel={mode === "create" ? "Create client" : "Save changes"}
          cancel={{ label: mode === "create" ? "Cancel" : "Back to clients", onClick: () => router.push("/clients") }}
        />
      </form>
      <SecretRevealDialog
        secret={revealed}
        onClose={async () => {
          const id = revealed?.clientInternalId;
          setRevealed(null);
          // The walkthrough's "store its secret" step (recorded, not audited).
          if (id) await confirmSecretStored({ clientInternalId: id });
          // Replace the form's history entry: going back does not reopen the form or the secret.
          if (id) router.replace(`/clients/${id}`);
        }}
      />
    </>
  );
}
