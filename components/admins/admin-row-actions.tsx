"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteAdmin, issueAdminLink, removeAdminIdentities, revokeAdminLinks, setAdminDisabled, type RevealedLink } from "@/lib/admins/actions";
import type { ChangeAdminRoleInput } from "@/lib/admins/schema";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Modal } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form-message";
import { resetAdminFactors } from "@/lib/mfa/actions";
import { ChangeRoleForm, type BindingOptions } from "./admin-form";
import { LinkRevealDialog } from "./link-reveal-dialog";

export type RowActionsProps = {
  admin: {
    id: string;
    name: string;
    email: string;
    disabled: boolean;
    pending: boolean;
    hasOpenLink: boolean;
    /** provider_name of each linked identity-provider account. */
    identities: string[];
    /** Confirmed second factors (lib/mfa). */
    factors: number;
    roleForm: ChangeAdminRoleInput;
  };
  /** Why a change is not offered (the server refuses it too): yourself, or the last active Owner. */
  locked: "self" | "last-owner" | null;
  options: BindingOptions;
};

/** The row's actions; destructive ones ask first. What the rules forbid is not offered (the server checks anyway). */
export function AdminRowActions({ admin, locked, options }: RowActionsProps) {
  const router = useRouter();
  const [roleOpen, setRoleOpen] = useState(false);
  const [link, setLink] = useState<RevealedLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const who = admin.name || admin.email;
  const done = () => router.refresh();

  const enable = () =>
    startTransition(async () => {
      const result = await setAdminDisabled({ id: admin.id, disabled: false });
      setError(result.ok ? null : result.message);
      if (result.ok) done();
    });

  if (locked === "self") return <span className="text-xs text-slate-500 dark:text-slate-400">You (change your account on the Account page)</span>;

  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {locked !== "last-owner" && (
        <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setRoleOpen(true)}>
          Change role
        </Button>
      )}
      {!admin.disabled && (
        <ConfirmButton
          size="small"
          variant="secondary"
          label={admin.pending ? "New invitation link" : "New password-reset link"}
          title={admin.pending ? `New invitation link for ${who}?` : `New password-reset link for ${who}?`}
          description={
            admin.pending
              ? `A new link replaces the old one, which stops working.${options.sendsMail ? ` It goes to ${admin.email} by email.` : ""}`
              : `The link lets whoever opens it choose a new password for this admin, once, within 72 hours. Any older link stops working.${options.sendsMail ? ` It goes to ${admin.email} by email.` : ""}`
          }
          confirmLabel={options.sendsMail ? "Send link" : "Create link"}
          onConfirm={async () => {
            const result = await issueAdminLink({ id: admin.id });
            if (result.ok) setLink(result.data);
            return result;
          }}
          onDone={done}
        />
      )}
      {admin.factors > 0 && (
        <ConfirmButton
          size="small"
          label="Reset second factors"
          title={`Reset the second factors of ${who}?`}
          description="For a lost phone or key: their authenticator apps, passkeys and recovery codes are removed and their sessions end. If their role must use a second factor, they enrol a new one at their next sign-in — so make sure it is really them who asked."
          confirmLabel="Reset factors"
          onConfirm={() => resetAdminFactors({ id: admin.id })}
          onDone={done}
        />
      )}
      {admin.hasOpenLink && (
        <ConfirmButton
          size="small"
          label="Revoke link"
          title={`Revoke the open link of ${who}?`}
          description="The link stops working at once. You can make a new one later."
          confirmLabel="Revoke link"
          onConfirm={() => revokeAdminLinks({ id: admin.id })}
          onDone={done}
        />
      )}
      {admin.identities.length > 0 && (
        <ConfirmButton
          size="small"
          variant="secondary"
          label="Remove provider links"
          title={`Remove the provider links of ${who}?`}
          description={`${who} is linked to their account at ${admin.identities.join(", ")}. Without the link, their next sign-in through a provider goes by verified email again and links the account it comes with. Do this when they have a new account at the provider.`}
          confirmLabel="Remove links"
          onConfirm={() => removeAdminIdentities({ id: admin.id })}
          onDone={done}
        />
      )}
      {locked !== "last-owner" &&
        (admin.disabled ? (
          <Button variant="secondary" className="px-2.5 py-1 text-xs" pending={pending} onClick={enable}>
            Enable
          </Button>
        ) : (
          <ConfirmButton
            size="small"
            label="Disable"
            title={`Disable ${who}?`}
            description="They are signed out at once and cannot sign in until an Owner enables them again."
            confirmLabel="Disable"
            onConfirm={() => setAdminDisabled({ id: admin.id, disabled: true })}
            onDone={done}
          />
        ))}
      {locked !== "last-owner" && (
        <ConfirmButton
          size="small"
          label="Delete"
          title={`Delete ${who}?`}
          description="The account, its sessions and its links are deleted. The audit log keeps what they did. This cannot be undone."
          confirmLabel="Delete admin"
          onConfirm={() => deleteAdmin({ id: admin.id })}
          onDone={done}
        />
      )}
      {locked === "last-owner" && <span className="text-xs text-slate-500 dark:text-slate-400">Last active Owner</span>}
      {error && <FormMessage message={error} />}
      <Modal open={roleOpen} onOpenChange={setRoleOpen} title={`Role of ${who}`} description="Takes effect at their next request.">
        <ChangeRoleForm options={options} defaultValues={admin.roleForm} onDone={() => setRoleOpen(false)} onCancel={() => setRoleOpen(false)} />
      </Modal>
      <LinkRevealDialog link={link} onClose={() => setLink(null)} />
    </div>
  );
}
