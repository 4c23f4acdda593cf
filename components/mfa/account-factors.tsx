"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { SecretRevealDialog } from "@/components/secrets/secret-reveal-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DateTime } from "@/components/ui/date-time";
import { Modal } from "@/components/ui/dialog";
import { FormActions } from "@/components/ui/form-actions";
import { FormMessage } from "@/components/ui/form-message";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { TextField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { confirmTotpEnrolment, regenerateRecoveryCodes, removeOwnFactor, renameOwnFactor, startTotpEnrolment } from "@/lib/mfa/actions";
import type { TotpEnrolment } from "@/lib/mfa/enrolment";
import type { FactorRow } from "@/lib/mfa/queries";
import type { RenameFactorInput } from "@/lib/mfa/schema";
import { AddPasskeyButton } from "./passkey-buttons";
import { TotpEnrolmentForm } from "./totp-enrolment-form";

const KIND_LABEL = { totp: "Authenticator app", passkey: "Passkey" } as const;

/** /account: the admin's second factors and recovery codes. */
export function AccountFactors({
  email,
  factors,
  recoveryCodesLeft,
  required,
}: {
  email: string;
  factors: FactorRow[];
  recoveryCodesLeft: number;
  required: boolean;
}) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [renaming, setRenaming] = useState<FactorRow | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const addButton = useRef<HTMLButtonElement>(null);
  const done = () => router.refresh();

  const start = () =>
    startTransition(async () => {
      const result = await startTotpEnrolment({});
      setError(result.ok ? null : result.message);
      if (result.ok) setEnrolment(result.data);
    });

  return (
    <div className="space-y-3">
      {factors.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {required ? "Your role must sign in with a second factor: add one now." : "No second factor yet: you sign in with your password alone."}
        </p>
      ) : (
        <ul
          aria-label="Your second factors"
          className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
        >
          {factors.map((factor) => (
            <li key={factor.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <div className="min-w-0 flex-1">
                <p className="font-medium break-words">{factor.name}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {KIND_LABEL[factor.kind]} · added <DateTime value={factor.createdAt} /> · last used <DateTime value={factor.lastUsedAt} empty="never" />
                </p>
              </div>
              <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setRenaming(factor)} aria-label={`Rename ${factor.name}`}>
                Rename
              </Button>
              <ConfirmButton
                size="small"
                label={<span aria-label={`Remove ${factor.name}`}>Remove</span>}
                title={`Remove ${factor.name}?`}
                description={
                  factors.length === 1 ? "This is your last factor: your recovery codes go with it." : "You will no longer be able to sign in with it."
                }
                confirmLabel="Remove"
                onConfirm={() => removeOwnFactor({ factorId: factor.id })}
                onDone={done}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button ref={addButton} variant="secondary" pending={pending} onClick={start}>
          Add authenticator app
        </Button>
        <AddPasskeyButton onAdded={(recoveryCodes) => (recoveryCodes.length > 0 ? setCodes(recoveryCodes) : done())} />
        {factors.length > 0 && (
          <ConfirmButton
            variant="secondary"
            label="New recovery codes"
            title="Replace your recovery codes?"
            description="Ten new codes replace the old ones, which stop working at once."
            confirmLabel="Replace codes"
            onConfirm={async () => {
              const result = await regenerateRecoveryCodes({});
              if (result.ok) setCodes(result.data.recoveryCodes);
              return result;
            }}
          />
        )}
      </div>
      {factors.length > 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="recovery-codes-left">
          {recoveryCodesLeft} of 10 recovery codes left.
        </p>
      )}
      <FormMessage message={error ?? undefined} tone="error" />
      <Modal open={enrolment !== null} onOpenChange={(open) => !open && setEnrolment(null)} title="Add an authenticator app" wide>
        {enrolment && (
          <TotpEnrolmentForm
            enrolment={enrolment}
            email={email}
            confirm={confirmTotpEnrolment}
            cancel={{ label: "Cancel", onClick: () => setEnrolment(null) }}
            onDone={() => {
              setEnrolment(null);
              done();
            }}
          />
        )}
      </Modal>
      <Modal open={renaming !== null} onOpenChange={(open) => !open && setRenaming(null)} title="Rename factor">
        {renaming && (
          <RenameFactorForm
            factor={renaming}
            onDone={() => {
              setRenaming(null);
              done();
            }}
          />
        )}
      </Modal>
      <SecretRevealDialog
        secret={codes ? { value: codes.join("\n"), ownerLabel: email, ownerKind: "recovery_codes" } : null}
        onClose={() => {
          setCodes(null);
          done();
        }}
      />
    </div>
  );
}

function RenameFactorForm({ factor, onDone }: { factor: FactorRow; onDone: () => void }) {
  const form = useForm<RenameFactorInput>({
    resolver: useLazyZodResolver<RenameFactorInput>(() => import("@/lib/mfa/schema").then((m) => m.renameFactorSchema)),
    defaultValues: { factorId: factor.id, name: factor.name },
  });
  const { submitWith, pending, notice } = useActionForm(form);
  return (
    <form onSubmit={submitWith(renameOwnFactor, onDone)} noValidate className="space-y-1">
      <input type="hidden" {...form.register("factorId")} />
      <TextField label="Name" maxLength={60} {...fieldProps(form, "name")} />
      <FormActions notice={notice} pending={pending} submitLabel="Save name" />
    </form>
  );
}
