"use client";

import type { RefObject } from "react";
import { AlertAction, AlertModal } from "@/components/ui/dialog";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * A value shown once: a client's or scope's secret, an admin's invitation / password-reset link
 * (ownerLabel: the admin's email), or an admin's recovery codes (one a line).
 */
export type RevealedSecret = {
  value: string;
  ownerLabel: string;
  ownerKind: "client" | "scope" | "invitation" | "password_reset" | "recovery_codes" | "webhook";
};

// copyOwner: the accessible name of the owner's copy button, written out so that acronyms stay (client ID, webhook URL).
const WORDING = {
  client: {
    title: "Copy the new secret now",
    owner: "Client ID",
    copyOwner: "Copy client ID",
    value: "Secret",
    what: "secret",
    keep: "Store it in your secret manager before you close this dialog; if you lose it, create a new one.",
    done: "I have stored it",
  },
  scope: {
    title: "Copy the new secret now",
    owner: "Scope",
    copyOwner: "Copy scope",
    value: "Secret",
    what: "secret",
    keep: "Store it in your secret manager before you close this dialog; if you lose it, create a new one.",
    done: "I have stored it",
  },
  invitation: {
    title: "Send the invitation link",
    owner: "Invited admin",
    copyOwner: "Copy invited admin",
    value: "Invitation link",
    what: "link",
    keep: "Send it to the invited admin yourself (it works once, for 72 hours); if it is lost, make a new one.",
    done: "I have sent it",
  },
  recovery_codes: {
    title: "Save your recovery codes",
    owner: "Account",
    copyOwner: "Copy account",
    value: "Recovery codes",
    what: "list of codes",
    keep: "Keep them somewhere safe, apart from your phone or key: each code signs you in once if you lose your second factor.",
    done: "I have saved them",
  },
  webhook: {
    title: "Copy the signing secret now",
    owner: "Webhook URL",
    copyOwner: "Copy webhook URL",
    value: "Signing secret",
    what: "secret",
    keep: "Give it to the receiver, which checks each delivery's webhook-signature with it; if you lose it, rotate it.",
    done: "I have stored it",
  },
  password_reset: {
    title: "Send the password-reset link",
    owner: "Admin",
    copyOwner: "Copy admin",
    value: "Password-reset link",
    what: "link",
    keep: "Send it to the admin yourself (it works once, for 72 hours); if it is lost, make a new one.",
    done: "I have sent it",
  },
} as const;

/**
 * Shows a new secret exactly once. The value lives only in the state of the component that
 * received it from the action; closing the dialog drops it, and nothing stores it (no URL, no
 * storage), so reloading or going back never shows it again.
 */
export function SecretRevealDialog({
  secret,
  onClose,
  returnFocusTo,
}: {
  secret: RevealedSecret | null;
  onClose: () => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const wording = WORDING[secret?.ownerKind ?? "client"];
  const ownerName = wording.owner;
  return (
    <AlertModal
      open={secret !== null}
      returnFocusTo={returnFocusTo}
      title={wording.title}
      description={
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          <strong>This {wording.what} will not be shown again.</strong>{" "}
          {secret?.ownerKind === "webhook"
            ? "It is stored encrypted, only to sign deliveries."
            : `Only ${secret?.ownerKind === "recovery_codes" ? "their hashes are" : "its hash is"} stored.`}{" "}
          {wording.keep}
        </p>
      }
    >
      {secret && (
        <div className="space-y-4">
          <div>
            <p className="text-sm font-medium" id="reveal-owner-label">
              {ownerName}
            </p>
            <div className="mt-1 flex items-center gap-2">
              <code aria-labelledby="reveal-owner-label" className="block flex-1 truncate rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">
                {secret.ownerLabel}
              </code>
              <CopyButton value={secret.ownerLabel} label={wording.copyOwner} />
            </div>
          </div>
          <div>
            <p className="text-sm font-medium" id="reveal-secret-label">
              {wording.value}
            </p>
            <div className="mt-1 flex items-center gap-2">
              <code
                aria-labelledby="reveal-secret-label"
                data-testid="revealed-secret"
                data-autofocus
                tabIndex={-1}
                className="block flex-1 whitespace-pre-line break-all rounded-md bg-slate-100 px-3 py-2 font-mono text-sm dark:bg-slate-800"
              >
                {secret.value}
              </code>
              <CopyButton value={secret.value} label={secret.ownerKind === "recovery_codes" ? "Copy codes" : `Copy ${wording.what}`} />
            </div>
          </div>
          <div className="flex justify-end">
            <AlertAction className={buttonClass("primary")} onClick={onClose}>
              {wording.done}
            </AlertAction>
          </div>
        </div>
      )}
    </AlertModal>
  );
}
