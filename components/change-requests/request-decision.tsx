"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { SecretRevealDialog, type RevealedSecret } from "@/components/secrets/secret-reveal-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form-message";
import { TextAreaField } from "@/components/ui/text-field";
import type { FormNotice } from "@/components/ui/use-action-form";
import { approveChangeRequest, rejectChangeRequest, revealChangeRequestSecret, withdrawChangeRequest } from "@/lib/change-requests/actions";
import { SELF_APPROVAL_REFUSAL } from "@/lib/change-requests/proposed";
import { LIMITS } from "@/lib/validation/limits";

type Props = {
  id: string;
  clientLabel: string;
  /** A summary of the change for the confirmation: "Edit client", "New secret"… */
  kindLabel: string;
  /** decide: may approve or reject; author: may withdraw; none: reads only. */
  role: "decide" | "author" | "none";
};

/**
 * The decision on an open request: Approve (after a confirmation) or Reject (with a comment) for an
 * admin who may decide; Withdraw for its author, who never approves their own. The server checks all
 * of it again (lib/change-requests/service.ts) and its refusals show here.
 */
export function RequestDecision({ id, clientLabel, kindLabel, role }: Props) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string[] | undefined>();
  const [notice, setNotice] = useState<FormNotice>(null);
  const [pending, startTransition] = useTransition();

  if (role === "author") {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="self-approval">
          {SELF_APPROVAL_REFUSAL}
        </p>
        <ConfirmButton
          variant="secondary"
          label="Withdraw request"
          title="Withdraw this change request?"
          description={`Nothing changes on ${clientLabel}; the request is closed as withdrawn.`}
          confirmLabel="Withdraw request"
          onConfirm={() => withdrawChangeRequest({ id })}
          onDone={() => router.refresh()}
        />
      </div>
    );
  }
  if (role === "none") {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Only admins who may change this client decide on its requests.</p>;
  }

  const reject = () =>
    startTransition(async () => {
      setNotice(null);
      setCommentError(undefined);
      const result = await rejectChangeRequest({ id, comment });
      if (!result.ok) {
        setNotice({ text: result.message, tone: "error" });
        setCommentError(result.fieldErrors?.comment);
        return;
      }
      router.refresh();
    });

  return (
    <div className="space-y-3">
      <TextAreaField
        label="Comment"
        rows={2}
        className="max-w-xl"
        hint="Required to reject: the author reads why. Optional when you approve."
        maxLength={LIMITS.description}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        errors={commentError}
      />
      <div className="flex flex-wrap items-center gap-2">
        <ConfirmButton
          variant="primary"
          label="Approve"
          title={`Approve and apply this change to ${clientLabel}?`}
          description={`${kindLabel}: the change is applied now, in your name, and the audit log names you and its author.`}
          confirmLabel="Approve and apply"
          onConfirm={() => approveChangeRequest({ id, comment })}
          onDone={(data) => {
            if (data.status === "stale") setNotice({ text: data.message, tone: "error" });
            router.refresh();
          }}
        />
        <Button variant="secondary" pending={pending} onClick={reject}>
          Reject
        </Button>
      </div>
      <FormMessage message={notice?.text} tone={notice?.tone} />
    </div>
  );
}

/**
 * The secret an approved request issued, for its author, once (docs/decisions/030): the server erases
 * it as it hands it over; the dialog is the one every new secret uses.
 */
export function RequestSecretPickup({ id }: { id: string }) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [notice, setNotice] = useState<FormNotice>(null);
  const [pending, startTransition] = useTransition();
  const show = () =>
    startTransition(async () => {
      setNotice(null);
      const result = await revealChangeRequestSecret({ id });
      if (!result.ok) return setNotice({ text: result.message, tone: "error" });
      if (result.data.expired) {
        setNotice({ text: "This secret waited too long and was erased unread: ask for a new secret.", tone: "error" });
        return;
      }
      setRevealed({ value: result.data.value, ownerLabel: result.data.ownerLabel, ownerKind: "client" });
    });
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950">
      <p className="text-sm text-amber-900 dark:text-amber-200">
        <strong>A new secret waits for you.</strong> Your request was approved and issued a secret that only you can see, once.
      </p>
      <Button pending={pending} onClick={show}>
        Show the secret
      </Button>
      <FormMessage message={notice?.text} tone={notice?.tone} />
      <SecretRevealDialog
        secret={revealed}
        onClose={() => {
          setRevealed(null);
          router.refresh();
        }}
      />
    </div>
  );
}
