"use client";

import { useRouter } from "next/navigation";
import type { Proposed } from "@/lib/change-requests/proposed";
import { useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { NewSecretInput, RotateSecretInput } from "@/lib/secrets/schema";
import { confirmSecretStored } from "@/lib/onboarding/actions";
import type { SecretStatus } from "@/lib/secrets/secret";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import { SecretRevealDialog, type RevealedSecret } from "./secret-reveal-dialog";

// The new-secret form (and react-hook-form with it) is fetched with its dialog, not with the page.
const newSecretForm = onDemand(() => import("./new-secret-form"));
const rotateSecretForm = onDemand(() => import("./rotate-secret-form"));

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
  /** The last time it authenticated a caller (RFC 3339), and the same as "… ago"; null: never. */
  lastUsedAt: string | null;
  lastUsedAgo: string | null;
  /** Uses in the last 30 days (today included). */
  uses30Days: number;
  /** A rotation replaced it: it works until expiresAt, then expires by itself. */
  retiring: boolean;
  /** Retiring, and nothing has used it since the rotation. */
  safeToRevoke: boolean;
};

type Props = {
  ownerId: string;
  ownerLabel: string;
  ownerKind: RevealedSecret["ownerKind"];
  secrets: SecretRow[];
  createSecret: (input: NewSecretInput & { id: string; reason?: string }) => Promise<ActionResult<{ value: string; ownerLabel: string } | Proposed>>;
  revokeSecret: (input: { id: string; secretId: string }) => Promise<ActionResult<unknown>>;
  rotateSecret: (input: RotateSecretInput & { id: string; reason?: string }) => Promise<ActionResult<{ value: string; ownerLabel: string } | Proposed>>;
  /** The owner's secret policy (lib/secrets/policy.ts): a new secret's default and longest expiry, in days. */
  secretMaxDays?: number | null;
  /** A client whose profile needs a second person's approval: new secrets and rotations are proposed, with a reason. */
  governed?: boolean;
};

/** What a governed client's new secret or rotation waits for, and where its secret is shown. */
const APPROVAL_FIRST = "A second person approves it first; then the server generates the secret and you see it once, on the request.";

const muted = "text-xs text-slate-500 [overflow-wrap:anywhere] dark:text-slate-400";

/** The secrets of a client (or a scope): list with their use, add one (revealed once), rotate, revoke. */
export function SecretsPanel({
  ownerId,
  ownerLabel,
  ownerKind,
  secrets,
  createSecret,
  revokeSecret,
  rotateSecret,
  secretMaxDays = null,
  governed = false,
}: Props) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [rotating, setRotating] = useState<SecretRow | null>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const newSecretButton = useRef<HTMLButtonElement>(null);
  const form = newSecretForm.useModule(adding);
  const rotateForm = rotateSecretForm.useModule(rotating !== null);
  const active = secrets.filter((s) => s.status === "active").length;
  const columns: Column<SecretRow>[] = [
    {
      header: "Secret",
      phone: "title",
      className: "whitespace-nowrap",
      cell: (s) => (
        <>
          <span className="font-mono">{s.hint ? `…${s.hint}` : "imported hash"}</span>
          {s.weak && (
            <span className="ml-2" title="A well-known weak value: rotate it">
              <Badge tone="red">weak</Badge>
            </span>
          )}
        </>
      ),
    },
    { header: "Description", className: "[overflow-wrap:anywhere]", cell: (s) => s.description || <span className="text-slate-400">—</span> },
    {
      header: "Created",
      cell: (s) => (
        <>
          <DateTime value={s.createdAt} />
          <div className="text-xs text-slate-500 [overflow-wrap:anywhere] dark:text-slate-400">{s.createdBy}</div>
        </>
      ),
    },
    {
      header: "Expires",
      cell: (s) =>
        s.retiring ? (
          <div data-testid="secret-retiring" className="sm:min-w-48">
            Retiring on <DateTime value={s.expiresAt} />, last used {s.lastUsedAgo ?? "never"}.
            {s.safeToRevoke ? (
              <strong className="block font-medium text-emerald-700 dark:text-emerald-400">Not used since the rotation: safe to revoke now.</strong>
            ) : (
              <span className="block text-amber-800 dark:text-amber-300">Used since the rotation: move its callers first.</span>
            )}
          </div>
        ) : (
          <DateTime value={s.expiresAt} empty="Never" />
        ),
    },
    {
      header: "Last used",
      cell: (s) => (
        <div data-testid="secret-usage">
          {s.lastUsedAt ? (
            <time dateTime={s.lastUsedAt} title={s.lastUsedAt} className="whitespace-nowrap" data-testid="secret-last-used">
              {s.lastUsedAgo}
            </time>
          ) : (
            <span data-testid="secret-last-used">never</span>
          )}
          <div className={muted}>
            {s.uses30Days} {s.uses30Days === 1 ? "use" : "uses"} in 30 days
          </div>
        </div>
      ),
    },
    {
      header: "Status",
      cell: (s) => (
        <>
          {s.retiring ? <Badge tone="amber">retiring</Badge> : <StatusBadge status={s.status} />}
          {s.revokedAt && <div className={muted}>by {s.revokedBy}</div>}
        </>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      phone: "actions",
      align: "right",
      cell: (s) =>
        s.status !== "revoked" && (
          <div className="flex flex-wrap justify-end gap-2">
            {s.status === "active" && !s.retiring && (
              <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setRotating(s)}>
                Rotate<span className="sr-only"> secret …{s.hint}</span>
              </Button>
            )}
            <ConfirmButton
              size="small"
              label={
                <>
                  Revoke<span className="sr-only"> secret …{s.hint}</span>
                </>
              }
              title={`Revoke secret …${s.hint}?`}
              description="Callers using this secret will be refused at once. This cannot be undone."
              confirmLabel="Revoke secret"
              onConfirm={() => revokeSecret({ id: ownerId, secretId: s.id })}
              onDone={() => router.refresh()}
            />
          </div>
        ),
    },
  ];

  return (
    <section aria-labelledby="secrets-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="secrets-heading" className="text-lg font-semibold">
            Secrets
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {active} active. Rotate a secret to get a new one while the old one keeps working for a grace period; revoke the old one once nothing uses it.
          </p>
        </div>
        <Button ref={newSecretButton} onClick={() => setAdding(true)}>
          New secret
        </Button>
      </div>

      <div className="mt-4">
        <DataTable
          caption={`Secrets of ${ownerLabel}`}
          rows={secrets}
          columns={columns}
          rowKey={(s) => s.id}
          rowProps={() => ({ "data-testid": "secret-row" })}
          empty={<EmptyState title="No secrets yet." />}
        />
      </div>

      <Modal
        open={adding && form !== undefined}
        onOpenChange={setAdding}
        title="New secret"
        description={governed ? APPROVAL_FIRST : "The server generates the secret; you see it once."}
      >
        {form && (
          <form.NewSecretForm
            maxDays={secretMaxDays}
            governed={governed}
            onCancel={() => setAdding(false)}
            submit={(values) => createSecret({ ...values, id: ownerId })}
            onCreated={(value, label) => {
              setAdding(false);
              setRevealed({ value, ownerLabel: label, ownerKind });
            }}
          />
        )}
      </Modal>
      <Modal
        open={rotating !== null && rotateForm !== undefined}
        onOpenChange={(open) => !open && setRotating(null)}
        title={rotating ? `Rotate secret …${rotating.hint}` : "Rotate secret"}
        description={governed ? APPROVAL_FIRST : "The server generates a new secret; you see it once. The old one keeps working until the grace period ends."}
      >
        {rotateForm && rotating && (
          <rotateForm.RotateSecretForm
            secretId={rotating.id}
            governed={governed}
            onCancel={() => setRotating(null)}
            submit={(values) => rotateSecret({ ...values, id: ownerId })}
            onRotated={(value, label) => {
              setRotating(null);
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
