"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { NewSecretInput } from "@/lib/secrets/schema";
import { confirmSecretStored } from "@/lib/onboarding/actions";
import type { SecretStatus } from "@/lib/secrets/secret";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import { SecretRevealDialog, type RevealedSecret } from "./secret-reveal-dialog";

// The new-secret form (and react-hook-form with it) is fetched with its dialog, not with the page.
const newSecretForm = onDemand(() => import("./new-secret-form"));

export type SecretRow = {
  id: string;
  hint: string;
  description: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: SecretStatus;
  /** The hash is that of a well-known weak secret (e.g. an imported Usercube "secret"). */
  weak?: boolean;
};

type Props = {
  ownerId: string;
  ownerLabel: string;
  ownerKind: RevealedSecret["ownerKind"];
  secrets: SecretRow[];
  createSecret: (input: NewSecretInput & { id: string }) => Promise<ActionResult<{ value: string; ownerLabel: string }>>;
  revokeSecret: (input: { id: string; secretId: string }) => Promise<ActionResult<unknown>>;
};

/** A table cell that becomes a "Label  value" row on a phone. */
const cell =
  "py-2 pr-4 align-top max-sm:flex max-sm:items-baseline max-sm:gap-3 max-sm:py-1 max-sm:pr-0 max-sm:before:w-24 max-sm:before:shrink-0 max-sm:before:text-xs max-sm:before:font-medium max-sm:before:uppercase max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]";

/** The secrets of a client (or a scope): list, add one (revealed once), revoke. */
export function SecretsPanel({ ownerId, ownerLabel, ownerKind, secrets, createSecret, revokeSecret }: Props) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const newSecretButton = useRef<HTMLButtonElement>(null);
  const form = newSecretForm.useModule(adding);
  const active = secrets.filter((s) => s.status === "active").length;

  return (
    <section aria-labelledby="secrets-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="secrets-heading" className="text-lg font-semibold">
            Secrets
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {active} active. To rotate: add a new secret, move callers to it, then revoke the old one.
          </p>
        </div>
        <Button ref={newSecretButton} onClick={() => setAdding(true)}>
          New secret
        </Button>
      </div>

      {secrets.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No secrets yet.
        </p>
      ) : (
        // On a phone each secret is a card (label: value rows), so Expires, Status and Revoke stay in view.
        <div className="mt-4">
          <table className="w-full text-left text-sm max-sm:block">
            <caption className="sr-only">Secrets of {ownerLabel}</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 max-sm:sr-only dark:border-slate-700 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Secret</th>
                <th scope="col" className="py-2 pr-4 font-medium">Description</th>
                <th scope="col" className="py-2 pr-4 font-medium">Created</th>
                <th scope="col" className="py-2 pr-4 font-medium">Expires</th>
                <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-sm:block max-sm:space-y-3 max-sm:divide-y-0 dark:divide-slate-800">
              {secrets.map((s) => (
                <tr key={s.id} data-testid="secret-row" className="max-sm:block max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:p-3 dark:max-sm:border-slate-700">
                  <td data-label="Secret" className={cell}>
                    <span className="font-mono">{s.hint ? `…${s.hint}` : "imported hash"}</span>
                    {s.weak && (
                      <span className="ml-2" title="A well-known weak value: rotate it">
                        <Badge tone="red">weak</Badge>
                      </span>
                    )}
                  </td>
                  <td data-label="Description" className={`${cell} [overflow-wrap:anywhere]`}>{s.description || <span className="text-slate-400">—</span>}</td>
                  <td data-label="Created" className={cell}>
                    {/* One flex item on a phone: the date and who made it stack beside the label. */}
                    <div className="min-w-0">
                      <DateTime value={s.createdAt} />
                      <div className="text-xs text-slate-500 [overflow-wrap:anywhere]">{s.createdBy}</div>
                    </div>
                  </td>
                  <td data-label="Expires" className={cell}>
                    <DateTime value={s.expiresAt} empty="Never" />
                  </td>
                  <td data-label="Status" className={cell}>
                    <div className="min-w-0">
                      <StatusBadge status={s.status} />
                      {s.revokedAt && <div className="text-xs text-slate-500 [overflow-wrap:anywhere]">by {s.revokedBy}</div>}
                    </div>
                  </td>
                  <td className="py-2 text-right max-sm:block max-sm:pt-2 max-sm:text-left">
                    {s.status !== "revoked" && (
                      <ConfirmButton
                        size="small"
                        label={<>Revoke<span className="sr-only"> secret …{s.hint}</span></>}
                        title={`Revoke secret …${s.hint}?`}
                        description="Callers using this secret will be refused at once. This cannot be undone."
                        confirmLabel="Revoke secret"
                        onConfirm={() => revokeSecret({ id: ownerId, secretId: s.id })}
                        onDone={() => router.refresh()}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Modal open={adding && form !== undefined} onOpenChange={setAdding} title="New secret" description="The server generates the secret; you see it once.">
        {form && (
          <form.NewSecretForm
            onCancel={() => setAdding(false)}
            submit={(values) => createSecret({ ...values, id: ownerId })}
            onCreated={(value, label) => {
              setAdding(false);
              setRevealed({ value, ownerLabel: label, ownerKind });
            }}
          />
        )}
      </Modal>
      <SecretRevealDialog
        secret={revealed}
        returnFocusTo={newSecretButton}
        onClose={() => {
          setRevealed(null);
          if (ownerKind === "client") void confirmSecretStored({ clientInternalId: ownerId });
          router.refresh();
        }}
      />
    </section>
  );
}
