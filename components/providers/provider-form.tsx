"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { FormActions } from "@/components/ui/form-actions";
import { FormSection } from "@/components/ui/form-section";
import { CopyButton } from "@/components/ui/copy-button";
import { errorMessage } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import { CheckboxField, SelectField, TextField } from "@/components/ui/text-field";
import { createProvider, updateProvider } from "@/lib/providers/actions";
import type { CreateProviderInput } from "@/lib/providers/schema";
import {
  AUTHENTICATION_METHODS,
  AUTHENTICATION_MODES,
  defaultMetadataAddress,
  PROMPTS,
  providerRedirectUri,
  RESPONSE_MODES,
  RESPONSE_TYPES,
  type SecretAction,
} from "@/lib/providers/vocabulary";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { ProviderEntry } from "@/components/auth/provider-sign-in";
import { isUnknownKey } from "@/lib/providers/sign-in/messages";
import { ClientSecretField } from "./client-secret-field";
import { TestConnection } from "./test-connection";

/** The form's values: the create schema's input, plus what editing needs. */
export type ProviderFormValues = CreateProviderInput & { id?: string; version?: number; secretAction?: SecretAction };

const AUTHENTICATION_METHOD_LABELS: Record<(typeof AUTHENTICATION_METHODS)[number], string> = {
  redirect_get: "redirect_get (a redirect)",
  form_post: "form_post (an auto-posted form)",
};

/** An address field: the browser checks it is a URL and does not spell-check it. */
const URL_INPUT = { type: "url", spellCheck: false } as const;

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/**
 * Create or edit an identity provider. One zod schema drives the browser's messages and the server's
 * check. The stored client secret never comes to the browser: the form only knows whether one is set.
 */
export function ProviderForm({
  mode,
  defaultValues,
  hasSecret: initialHasSecret = false,
  host,
}: {
  mode: "create" | "edit";
  defaultValues: ProviderFormValues;
  hasSecret?: boolean;
  /** The portal's origin, for the redirect URI {host}/signin-{provider_name}. */
  host: string;
}) {
  const router = useRouter();
  const [hasSecret, setHasSecret] = useState(initialHasSecret);
  const form = useForm<ProviderFormValues>({
    resolver: useLazyZodResolver<ProviderFormValues>(() =>
      import("@/lib/providers/schema").then((m) => (mode === "create" ? m.createProviderSchema : m.updateProviderSchema)),
    ),
    defaultValues: mode === "edit" ? { secretAction: "keep", ...defaultValues } : defaultValues,
    mode: "onTouched",
  });
  const { errors } = form.formState;
  useUnsavedChanges(form);
  const [providerName, authority, authenticationMode] = useWatch({ control: form.control, name: ["providerName", "authority", "authenticationMode"] });
  const redirectUri = providerRedirectUri(host, providerName?.trim() || "{provider_name}");

  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit =
    mode === "create"
      ? submitWith(createProvider, (data, values) => {
          form.reset(values);
          router.push(`/providers/${data.id}`);
        })
      : submitWith(
          (values) => updateProvider({ ...values, id: values.id!, version: values.version!, secretAction: values.secretAction ?? "keep" }),
          (data, values) => {
            // The typed secret leaves the form once saved.
            form.reset({ ...values, clientSecret: "", secretAction: "keep", version: data.version });
            setHasSecret(data.hasSecret);
            setNotice({ text: "Saved.", tone: "success" });
            router.refresh();
          },
        );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label={mode === "create" ? "New provider" : "Edit provider"}>
      <FormSection title="Identity" description="How the provider is named here, and whether it signs people in by itself.">
        <TextField
          label="Provider name"
          required
          autoComplete="off"
          spellCheck={false}
          hint={
            mode === "create"
              ? "provider_name: letters, digits and - _ . ~ only. It becomes part of the redirect URI."
              : "Changing it changes the redirect URI: register the new one at the provider too."
          }
          {...fieldProps(form, "providerName")}
        />
        <div className="pb-5">
          <p className="text-sm font-medium text-slate-800 dark:text-slate-200" id="redirect-uri-label">
            Redirect URI
          </p>
          <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">Register this address at the provider as an allowed redirect URI.</p>
          <div className="mt-1 flex items-center gap-2">
            <code
              aria-labelledby="redirect-uri-label"
              data-testid="redirect-uri"
              className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-[0.8125rem] text-slate-700 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-300"
            >
              {redirectUri}
            </code>
            <CopyButton value={redirectUri} label="Copy redirect URI" />
          </div>
        </div>
        <SelectField
          label="Authentication mode"
          required
          options={options(AUTHENTICATION_MODES)}
          hint="Active: people are sent to this provider straight away. Only one enabled provider can be Active."
          {...fieldProps(form, "authenticationMode")}
        />
        <div aria-live="polite">
          {authenticationMode === "Active" && (
            <p
              data-testid="active-mode-note"
              className="-mt-3 mb-5 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
            >
              Once this provider is enabled and Active, the sign-in page sends everyone to it. If it fails, you still get in with your password at{" "}
              <code className="font-mono">/sign-in?local=1</code> — keep that address.
            </p>
          )}
        </div>
        <CheckboxField label="Enabled" hint="A disabled provider is not offered at sign-in." {...form.register("isEnabled")} />
      </FormSection>

      <FormSection title="Client credentials" description="The client the portal is registered as at the provider.">
        <TextField label="Client ID" required autoComplete="off" spellCheck={false} {...fieldProps(form, "clientId")} />
        <ClientSecretField mode={mode} form={form} hasSecret={hasSecret} error={errors.clientSecret?.message} />
      </FormSection>

      <FormSection title="Endpoints" description="Where the provider lives. Test the connection before you save.">
        <TextField
          label="Authority"
          required
          {...URL_INPUT}
          placeholder="https://login.example.com/tenant/v2.0"
          hint="The provider's issuer URL: https (http only for localhost)."
          {...fieldProps(form, "authority", { onChange: () => form.formState.touchedFields.metadataAddress && form.trigger("metadataAddress") })}
        />
        <TextField
          label="Metadata address"
          {...URL_INPUT}
          placeholder={authority?.trim() ? defaultMetadataAddress(authority) : "{authority}/.well-known/openid-configuration"}
          hint="Optional. Leave empty for the authority's discovery document (shown greyed out)."
          {...fieldProps(form, "metadataAddress")}
        />
        <CheckboxField
          label="Get claims from the UserInfo endpoint"
          hint="After sign-in, ask the UserInfo endpoint for claims the ID token lacks."
          {...form.register("getClaimsFromUserInfoEndpoint")}
        />
        <div className="pt-4" />
        <TextField
          label="Redirect URI override"
          {...URL_INPUT}
          placeholder={redirectUri}
          hint="Optional redirect_uri sent to the provider instead of the one above."
          {...fieldProps(form, "redirectUri")}
        />
        <TextField
          label="Signed-out redirect URI"
          {...URL_INPUT}
          hint="Optional. Where the provider sends people after signing out."
          {...fieldProps(form, "signedOutRedirectUri")}
        />
        <TextField
          label="External user creation URL"
          {...URL_INPUT}
          hint="Optional. Where people without an account can register."
          {...fieldProps(form, "externalUserCreationUrl")}
        />
        <TestConnection form={form} />
      </FormSection>

      <FormSection title="Protocol" description="How the authorization request is made and how the answer comes back.">
        <div className="grid gap-x-4 sm:grid-cols-2">
          <SelectField
            label="Response type"
            required
            options={options(RESPONSE_TYPES)}
            {...fieldProps(form, "responseType", { onChange: () => form.trigger("responseMode") })}
          />
          <SelectField
            label="Response mode"
            required
            options={options(RESPONSE_MODES)}
            {...fieldProps(form, "responseMode", { onChange: () => form.trigger("responseMode") })}
          />
          <SelectField
            label="Authentication method"
            required
            options={AUTHENTICATION_METHODS.map((value) => ({ value, label: AUTHENTICATION_METHOD_LABELS[value] }))}
            {...fieldProps(form, "authenticationMethod")}
          />
          <SelectField label="Prompt" placeholder="Not sent" options={options(PROMPTS)} {...fieldProps(form, "prompt")} />
          <TextField
            label="Max age (seconds)"
            inputMode="numeric"
            placeholder="Not sent"
            hint="Optional max_age: re-authenticate when the sign-in is older."
            {...fieldProps(form, "maxAge")}
          />
        </div>
      </FormSection>

      <FormSection title="Scopes" description="What the portal asks the provider for. openid is always requested.">
        <ScopeField form={form} error={errorMessage(errors.scope)} />
        <CheckboxField
          label="Clear default scope"
          hint="Send only the scopes listed here, not the middleware's defaults."
          {...form.register("clearDefaultScope")}
        />
      </FormSection>

      <FormSection title="Claims and messages" description="Which claims name the person, and the sign-in button's translation keys.">
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField label="Email claim type" spellCheck={false} placeholder="email" {...fieldProps(form, "emailClaimType")} />
          <TextField label="Username claim type" spellCheck={false} placeholder="preferred_username" {...fieldProps(form, "usernameClaimType")} />
        </div>
        <CheckboxField
          label="Trust emails without email_verified"
          hint="Off: an admin signs in by email only when the provider says email_verified: true. Turn on only for a provider that verifies every email it issues (a company directory); email_verified: false is always refused."
          {...form.register("assumeEmailVerified")}
        />
        <CheckboxField
          label="Count the provider's multi-factor sign-in"
          hint="On: an admin whose ID token says amr includes mfa, or two kinds of factor (e.g. pwd + otp, swk + pin, hwk + fpt), skips the portal's own second step. Off: every admin who needs a second factor gives it to the portal as well."
          {...form.register("trustAmrMultiFactor")}
        />
        <TextField
          label="Sign-in button"
          placeholder={`Sign in with ${providerName?.trim() || "{provider_name}"}`}
          hint="messages.signIn: the button's words, or a translation key such as T_SignIn_AzureAD."
          {...fieldProps(form, "messages.signIn")}
        />
        <TextField
          label="Sign-in title"
          hint="messages.signInTitle: a heading above the button (words or a translation key)."
          {...fieldProps(form, "messages.signInTitle")}
        />
        <TextField
          label="Sign-in description"
          hint="messages.signInDescription: a line under the heading (words or a translation key)."
          {...fieldProps(form, "messages.signInDescription")}
        />
        <SignInPreview form={form} providerName={providerName} />
      </FormSection>

      <FormActions
        divided
        notice={notice}
        pending={pending}
        submitLabel={mode === "create" ? "Create provider" : "Save changes"}
        cancel={{ label: mode === "create" ? "Cancel" : "Back to providers", onClick: () => router.push("/providers") }}
      />
    </form>
  );
}

/** The scopes input, with openid shown before it, fixed. */
function ScopeField({ form, error }: { form: ReturnType<typeof useForm<ProviderFormValues>>; error?: string }) {
  return (
    <TextField
      label="Additional scopes"
      spellCheck={false}
      autoComplete="off"
      placeholder="profile email"
      hint={
        <>
          Separated by spaces, e.g. <code>profile email offline_access</code>. Always requested:{" "}
          <span className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300">openid</span>
        </>
      }
      {...form.register("scope")}
      errors={error}
    />
  );
}

/** The provider's entry on the sign-in page, as it will read, from the typed texts. */
function SignInPreview({ form, providerName }: { form: ReturnType<typeof useForm<ProviderFormValues>>; providerName: string | undefined }) {
  const [signIn, signInTitle, signInDescription] = useWatch({
    control: form.control,
    name: ["messages.signIn", "messages.signInTitle", "messages.signInDescription"],
  });
  const text = (value: string | null | undefined) => value?.trim() || null;
  const messages = { signIn: text(signIn), signInTitle: text(signInTitle), signInDescription: text(signInDescription) };
  const unknown = Object.values(messages).filter((value) => isUnknownKey(value));
  return (
    <figure className="pb-5" aria-labelledby="sign-in-preview-label">
      <figcaption id="sign-in-preview-label" className="text-sm font-medium text-slate-800 dark:text-slate-200">
        Preview on the sign-in page
      </figcaption>
      <div className="mt-1 max-w-sm space-y-2 rounded-md border border-dashed border-slate-300 p-4 dark:border-slate-700">
        <ProviderEntry providerName={providerName?.trim() || "{provider_name}"} messages={messages} />
      </div>
      {unknown.length > 0 && (
        <p data-testid="unknown-key-note" className="mt-1 text-xs text-amber-800 dark:text-amber-300">
          {unknown.join(", ")} {unknown.length === 1 ? "is" : "are"} not in the built-in catalogue: the sign-in page shows{" "}
          {unknown.length === 1 ? "it" : "them"} as written. Type the words instead.
        </p>
      )}
    </figure>
  );
}
