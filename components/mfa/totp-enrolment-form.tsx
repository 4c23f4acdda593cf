"use client";

import { useState } from "react";
import { SecretRevealDialog } from "@/components/secrets/secret-reveal-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import type { ActionResult } from "@/lib/actions/result";
import type { TotpEnrolment } from "@/lib/mfa/enrolment";
import type { ConfirmTotpInput } from "@/lib/mfa/schema";

const FACTOR_NAME_MAX = 60;

/**
 * Adding an authenticator app: the QR code (drawn on the server), the key to type instead, and the
 * first code that proves the app works. The first factor brings recovery codes, shown once in the
 * reveal dialog the secrets use; `onDone` runs when that dialog closes (or at once without codes).
 */
export function TotpEnrolmentForm({
  enrolment,
  email,
  confirm,
  onDone,
  cancel,
  submitLabel = "Add authenticator app",
}: {
  enrolment: TotpEnrolment;
  email: string;
  confirm: (values: ConfirmTotpInput) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
  onDone: () => void;
  cancel?: { label: string; onClick: () => void };
  submitLabel?: string;
}) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const form = useForm<ConfirmTotpInput>({
    resolver: useLazyZodResolver<ConfirmTotpInput>(() => import("@/lib/mfa/schema").then((m) => m.confirmTotpSchema)),
    defaultValues: { factorId: enrolment.factorId, name: "Authenticator app", code: "" },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  const onSubmit = submitWith(confirm, ({ recoveryCodes }) => (recoveryCodes.length > 0 ? setCodes(recoveryCodes) : onDone()));
  const grouped = enrolment.secret.match(/.{1,4}/g)!.join(" ");

  return (
    <>
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add an authenticator app">
        <ol className="list-decimal space-y-4 pl-5 text-sm">
          <li>
            <p>Scan this QR code with your authenticator app (or add the key by hand).</p>
            <div className="mt-2 flex flex-col items-start gap-3 sm:flex-row sm:items-center">
              <img
                src={enrolment.qrCode}
                alt="QR code of the authenticator key"
                width={160}
                height={160}
                className="rounded-md border border-slate-200 bg-white p-1 dark:border-slate-700"
              />
              <div className="min-w-0 space-y-1">
                <p className="text-xs text-slate-500 dark:text-slate-400" id="totp-key-label">
                  Key (time-based, 6 digits, 30 s)
                </p>
                <div className="flex items-center gap-2">
                  <code
                    aria-labelledby="totp-key-label"
                    data-testid="totp-secret"
                    data-secret={enrolment.secret}
                    className="rounded-md bg-slate-100 px-2 py-1 font-mono text-sm break-words dark:bg-slate-800"
                  >
                    {grouped}
                  </code>
                  <CopyButton value={enrolment.secret} label="Copy key" />
                </div>
                <details className="text-xs text-slate-500 dark:text-slate-400">
                  <summary className="cursor-pointer">Setup link (otpauth://)</summary>
                  <code className="mt-1 block break-all">{enrolment.uri}</code>
                </details>
              </div>
            </div>
          </li>
          <li>
            <p>Enter the code your app shows for {email}.</p>
          </li>
        </ol>
        <input type="hidden" {...form.register("factorId")} />
        <TextField label="Name" maxLength={FACTOR_NAME_MAX} hint="So you can tell your factors apart, e.g. “Work phone”." {...fieldProps(form, "name")} />
        <TextField label="Code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required {...fieldProps(form, "code")} />
        <FormActions notice={notice} pending={pending} submitLabel={submitLabel} cancel={cancel} />
      </form>
      <SecretRevealDialog
        secret={codes ? { value: codes.join("\n"), ownerLabel: email, ownerKind: "recovery_codes" } : null}
        onClose={() => {
          setCodes(null);
          onDone();
        }}
      />
    </>
  );
}
