"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormActions } from "@/components/ui/form-actions";
import { FormMessage } from "@/components/ui/form-message";
import { FormSection } from "@/components/ui/form-section";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { ReadOnly } from "@/components/ui/read-only";
import { SelectField, TextField } from "@/components/ui/text-field";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { useActionForm, type FormNotice } from "@/components/ui/use-action-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { WriteOnlySecretField } from "@/components/ui/write-only-secret-field";
import { removeMailSettings, saveMailSettings, sendTestMail } from "@/lib/mail/actions";
import type { MailSettingsFormValues } from "@/lib/mail/schema";
import { EMPTY_MAIL_SETTINGS, MAIL_SECURITY, MAIL_SECURITY_LABELS, MAIL_SECURITY_PORTS, type MailSecurity } from "@/lib/mail/vocabulary";

const SECURITY_OPTIONS = MAIL_SECURITY.map((value) => ({ value, label: MAIL_SECURITY_LABELS[value] }));
const USUAL_PORTS = new Set(Object.values(MAIL_SECURITY_PORTS).map(String));

/**
 * The SMTP server the portal mails through. One zod schema drives the browser's messages and the
 * server's check; the password never comes to the browser, the form only knows whether one is set.
 * `readOnly`: SMTP_URL overrides the page (the form shows the environment's values, disabled).
 */
export function MailSettingsForm({
  defaultValues,
  hasPassword: initialHasPassword,
  readOnly,
  ownEmail,
  saved,
}: {
  defaultValues: MailSettingsFormValues;
  hasPassword: boolean;
  /** Why the form cannot be saved (SMTP_URL is set), or null. */
  readOnly: string | null;
  /** Where the test mail goes: the signed-in Owner's address. */
  ownEmail: string;
  /** Whether settings are in effect (saved, or from SMTP_URL): the test mail needs them. */
  saved: boolean;
}) {
  const router = useRouter();
  const [hasPassword, setHasPassword] = useState(initialHasPassword);
  const [isSaved, setSaved] = useState(saved);
  const form = useForm<MailSettingsFormValues>({
    resolver: useLazyZodResolver<MailSettingsFormValues>(() => import("@/lib/mail/schema").then((m) => m.mailSettingsSchema)),
    defaultValues,
    mode: "onTouched",
  });
  useUnsavedChanges(form);
  // The saved version (0: nothing saved here); a removal names it, as a save does.
  const version = form.watch("version");
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const onSubmit = submitWith(
    (values) => saveMailSettings({ ...values, port: values.port }),
    (data, values) => {
      // The typed password leaves the form once saved.
      form.reset({ ...values, password: "", passwordAction: "keep", version: data.version });
      setHasPassword(data.hasPassword);
      setSaved(true);
      setNotice({ text: "Saved. Invitations and password resets now go by mail through this server.", tone: "success" });
      router.refresh();
    },
  );

  // A port still at the usual value of the previous choice follows the new choice.
  const security = form.register("security", {
    onChange: (event: { target: { value: string } }) => {
      const port = String(form.getValues("port") ?? "").trim();
      if (port === "" || USUAL_PORTS.has(port)) form.setValue("port", String(MAIL_SECURITY_PORTS[event.target.value as MailSecurity] ?? port));
    },
  });

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate aria-label="Mail settings" className="space-y-6">
        <ReadOnly when={readOnly !== null} reason={readOnly ?? ""}>
          <FormSection title="SMTP server" description="The server that takes the portal's mails: your mail relay or provider.">
            <TextField label="Host" required autoComplete="off" spellCheck={false} placeholder="smtp.example.com" {...fieldProps(form, "host")} />
            <div className="grid gap-x-4 sm:grid-cols-3">
              <TextField label="Port" required inputMode="numeric" autoComplete="off" className="sm:col-span-1" {...fieldProps(form, "port")} />
              <SelectField
                label="Security"
                required
                className="sm:col-span-2"
                options={SECURITY_OPTIONS}
                {...security}
                errors={form.formState.errors.security?.message}
              />
            </div>
            <p className="-mt-3 pb-4 text-xs text-slate-500 dark:text-slate-400">
              STARTTLS or TLS protect the password and the links in the mails on the way; choose None only for a relay on this host or network.
            </p>
          </FormSection>
          <FormSection title="Sign-in" description="The login the server asks for. Leave the user name empty if it takes mail without one.">
            <TextField label="User name" autoComplete="off" spellCheck={false} {...fieldProps(form, "username")} />
            <WriteOnlySecretField
              mode="edit"
              form={form}
              name="password"
              actionName="passwordAction"
              hasSecret={hasPassword}
              error={form.formState.errors.password?.message}
              label="Password"
              noun="password"
              createHint=""
            />
          </FormSection>
          <FormSection title="Sender" description="Who the mails come from. Your server may only accept its own domain.">
            <TextField
              label="From"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="OIDC portal <no-reply@example.com>"
              hint="An address, or a name and an address in angle brackets."
              {...fieldProps(form, "from")}
            />
          </FormSection>
          {readOnly === null && <FormActions notice={notice} pending={pending} submitLabel="Save" divided />}
        </ReadOnly>
      </form>
      <TestMail ownEmail={ownEmail} available={isSaved} dirty={form.formState.isDirty} />
      {readOnly === null && version > 0 && (
        <RemoveSettings
          version={version}
          onRemoved={() => {
            form.reset(EMPTY_MAIL_SETTINGS);
            setHasPassword(false);
            setSaved(false);
            setNotice({ text: "Removed: the portal sends no mail until a server is set again.", tone: "success" });
            router.refresh();
          }}
        />
      )}
    </div>
  );
}

/** "Send a test mail": one attempt now, with the saved settings, to the signed-in Owner. */
function TestMail({ ownEmail, available, dirty }: { ownEmail: string; available: boolean; dirty: boolean }) {
  const [message, setMessage] = useState<FormNotice>(null);
  const [pending, startTransition] = useTransition();
  const send = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await sendTestMail({});
      if (result.ok) setMessage({ text: result.data.summary, tone: result.data.sent ? "success" : "error" });
      else setMessage({ text: result.message, tone: "error" });
    });
  return (
    <section aria-labelledby="test-mail-heading" className="border-t border-slate-200 pt-6 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="test-mail-heading" className="font-medium">
            Test mail
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {available ? (
              <>
                Sends a mail now to <span className="font-medium">{ownEmail}</span> with the saved settings
                {dirty ? " — save your changes first to test them" : ""}.
              </>
            ) : (
              "Save the settings first: the test uses the saved settings."
            )}
          </p>
        </div>
        <Button type="button" variant="secondary" onClick={send} pending={pending} disabled={!available}>
          Send a test mail
        </Button>
      </div>
      <div className="mt-2" data-testid="test-mail-result">
        <FormMessage message={message?.text} tone={message?.tone} />
      </div>
    </section>
  );
}

/** "Stop sending mail": removes the saved server and its password, after a confirmation. */
function RemoveSettings({ version, onRemoved }: { version: number; onRemoved: () => void }) {
  return (
    <section aria-labelledby="remove-mail-heading" className="border-t border-slate-200 pt-6 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="remove-mail-heading" className="font-medium">
            Stop sending mail
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Removes the saved server and its password. Invitation and reset links are then shown once to the Owner who makes them.
          </p>
        </div>
        <ConfirmButton
          label="Remove the settings"
          title="Remove the mail settings?"
          description="The portal stops sending mail at once. Mail already waiting stays on Deliveries until a server is set again."
          confirmLabel="Remove the settings"
          onConfirm={() => removeMailSettings({ version })}
          onDone={onRemoved}
        />
      </div>
    </section>
  );
}
