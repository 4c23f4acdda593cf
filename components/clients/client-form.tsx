"use client";

import { useRouter } from "next/navigation";
import { proposedNotice } from "@/components/change-requests/proposed-notice";
import { ReasonField } from "@/components/change-requests/reason-field";
import { isProposed } from "@/lib/change-requests/proposed";
import { Fragment, useState } from "react";
import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import { useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { createClient, updateClient } from "@/lib/clients/actions";
import { confirmSecretStored } from "@/lib/onboarding/actions";
import type { ClientInput, CustomInputName, FormName, FormSection as Section } from "@/lib/clients/model";
import type { CreateClientInput } from "@/lib/clients/schema";
import { CLIENT_FLOWS, TOKEN_ENDPOINT_AUTH_METHODS } from "@/lib/clients/vocabulary";
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
export type ClientFormValues = CreateClientInput & { id?: string; version?: number; reason?: string };

type Option = { value: string; label: string };

const AUTH_METHOD_LABELS: Record<string, string> = {
  client_secret_basic: "client_secret_basic (HTTP Basic)",
  client_secret_post: "client_secret_post (form body)",
  none: "none (public client)",
};

/**
 * Where each section puts its fields. A field the model declares but this order does not name comes
 * last in its declared section (lib/clients/model.ts `input.section`).
 */
const ORDER: Record<Section, FormName[]> = {
  identity: ["displayName", "description", "owners", "contacts"],
  protocol: ["flow", "tokenEndpointAuthMethod", "idTokenSignedResponseAlg", "redirectUris", "postLogoutRedirectUris"],
  access: ["scopeIds", "profileId", "profileContextId", "adminApiRole", "expiresAt", "enabled"],
};

/** A section's inputs in the form's order. */
function inSection(inputs: ClientInput[], section: Section): ClientInput[] {
  const order = ORDER[section];
  const rank = (input: ClientInput) => (order.includes(input.name) ? order.indexOf(input.name) : order.length);
  return inputs.filter((input) => input.section === section).sort((a, b) => rank(a) - rank(b));
}

/**
 * Create or edit a client. One zod schema drives the browser's messages and the server's check.
 * `inputs` are the model's declarations (lib/clients/model.ts clientFormInputs): the form draws the
 * simple ones from them and the `custom` ones by hand.
 */
export function ClientForm({
  mode,
  defaultValues,
  inputs,
  profiles,
  profileContexts,
  bindingLocked = false,
  scopes,
  apiRoles,
  governedProfiles = [],
}: {
  mode: "create" | "edit";
  inputs: ClientInput[];
  defaultValues: ClientFormValues;
  profiles: Option[];
  profileContexts: Option[];
  /** A context-bound admin: only their profile and context are offered, no "none" (lib/clients/form-values.ts bindingPickers). */
  bindingLocked?: boolean;
  scopes: (Option & { detail?: string })[];
  /** The admin API roles this admin may grant (lib/clients/form-values.ts apiRoleOptions). */
  apiRoles: Option[];
  /** The profiles whose clients' changes need a second person's approval (docs/decisions/030). */
  governedProfiles?: string[];
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
  const profileId = useWatch({ control: form.control, name: "profileId" });
  // An edit is governed when the profile before or after is (the service decides; this only asks for a reason).
  const governed = [profileId, mode === "edit" ? defaultValues.profileId : undefined].some((p) => p && governedProfiles.includes(p));

  // The raw form values go to the server, which parses them with the same schema.
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit =
    mode === "create"
      ? submitWith(createClient, (data, values) => {
          form.reset(values); // saved: nothing left to lose
          // A governed profile: the client waits for a second person's approval (docs/decisions/030).
          if (isProposed(data)) return setNotice(proposedNotice(data));
          const { id, clientId, secret } = data;
          if (secret) setRevealed({ value: secret.value, ownerLabel: clientId, ownerKind: "client", clientInternalId: id });
          else router.push(`/clients/${id}`);
        })
      : submitWith(
          ({ clientId: _immutable, ...edit }) => updateClient({ ...edit, id: edit.id!, version: edit.version! }),
          (data, values) => {
            if (isProposed(data)) {
              // Nothing changed yet: the form shows the client as it is; the change waits in its request.
              form.reset({ ...defaultValues, reason: "" });
              return setNotice(proposedNotice(data));
            }
            form.reset({ ...values, version: data.version });
            setNotice({ text: "Saved.", tone: "success" });
            router.refresh();
          },
        );

  const isClientCredentials = flow === "ClientCredentials";

  // The fields drawn by hand: references, and choices and lists that follow other fields.
  const custom: Record<CustomInputName, React.ReactNode> = {
    flow: (
      <SelectField
        label="Flow"
        required
        options={CLIENT_FLOWS.map((f) => ({ value: f, label: f }))}
        {...form.register("flow", { onChange: () => form.trigger(["redirectUris", "tokenEndpointAuthMethod"]) })}
        errors={errors.flow?.message}
      />
    ),
    tokenEndpointAuthMethod: (
      <SelectField
        label="Token endpoint authentication (token_endpoint_auth_method)"
        required
        options={TOKEN_ENDPOINT_AUTH_METHODS.map((m) => ({ value: m, label: AUTH_METHOD_LABELS[m] ?? m }))}
        hint="Confidential clients get a secret when they are created."
        {...form.register("tokenEndpointAuthMethod", { onChange: () => form.trigger("tokenEndpointAuthMethod") })}
        errors={errors.tokenEndpointAuthMethod?.message}
      />
    ),
    redirectUris: (
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
    ),
    scopeIds: (
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
    ),
    profileId: (
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
    ),
    profileContextId: (
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
    ),
    adminApiRole: (
      <SelectField
        label="Admin API access"
        placeholder="None"
        options={apiRoles}
        hint="What this client may do in the portal's own admin API (/api/v0), within its profile context when it has one. You can grant only what you hold yourself."
        {...form.register("adminApiRole")}
        errors={errors.adminApiRole?.message}
      />
    ),
  };
  /** A section's fields: the custom ones as above, the others drawn from their declaration. */
  const draw = (section: Section) =>
    inSection(inputs, section).map((input) => (
      <Fragment key={input.name}>{input.control === "custom" ? custom[input.name as CustomInputName] : <DeclaredInput form={form} input={input} />}</Fragment>
    ));

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
          {draw("identity")}
        </FormSection>

        <FormSection title="Protocol" description="Flow, token endpoint authentication and where users may be sent back.">
          {draw("protocol")}
        </FormSection>

        <FormSection title="Access" description="What the client may do, and until when.">
          {draw("access")}
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

        {governed && (
          <FormSection title="Approval" description="This client's profile needs a second person's approval: your change becomes a change request.">
            <ReasonField {...form.register("reason")} errors={errors.reason?.message} />
          </FormSection>
        )}

        <FormActions
          divided
          notice={notice}
          pending={pending}
          submitLabel={governed ? "Propose change" : mode === "create" ? "Create client" : "Save changes"}
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

/** A field drawn from its declaration (lib/clients/model.ts): text, text area, select, checkbox or instant. */
function DeclaredInput({ form, input }: { form: UseFormReturn<ClientFormValues>; input: ClientInput }) {
  const { name, label, hint, required } = input;
  const field = name as keyof CreateClientInput;
  const errors = errorMessages(form.formState.errors[field]);
  switch (input.control) {
    case "textarea":
      return (
        <TextAreaField
          label={label}
          required={required}
          rows={input.rows}
          spellCheck={input.spellCheck}
          hint={hint}
          maxLength={input.maxLength}
          {...form.register(field)}
          errors={errors}
        />
      );
    case "select":
      return (
        <SelectField
          label={label}
          required={required}
          options={(input.options ?? []).map((value) => ({ value, label: value }))}
          hint={hint}
          {...form.register(field)}
          errors={errors}
        />
      );
    case "checkbox":
      return <CheckboxField label={label} hint={hint} {...form.register(field)} />;
    case "instant":
      return <DateTimeController control={form.control} name={field} label={label} hint={hint} errors={errors} />;
    default:
      return (
        <TextField
          label={label}
          required={required}
          type={input.type}
          spellCheck={input.spellCheck}
          hint={hint}
          maxLength={input.maxLength}
          {...form.register(field)}
          errors={errors}
        />
      );
  }
}
