"use client";

import type { RevealedLink } from "@/lib/admins/actions";
import { SecretRevealDialog } from "@/components/secrets/secret-reveal-dialog";
import { buttonClass } from "@/components/ui/button";
import { AlertAction, AlertModal } from "@/components/ui/dialog";
import { formatInstant } from "@/lib/validation/format-instant";

/**
 * A new invitation or password-reset link: when the portal mailed it (SMTP_URL), says to whom; else
 * the link itself, shown once in the secrets' reveal dialog.
 */
export function LinkRevealDialog({ link, onClose }: { link: RevealedLink | null; onClose: () => void }) {
  if (link?.mailed) return <LinkSentDialog link={link} onClose={onClose} />;
  return <SecretRevealDialog secret={link && !link.mailed ? { value: link.url, ownerLabel: link.email, ownerKind: link.kind } : null} onClose={onClose} />;
}

function LinkSentDialog({ link, onClose }: { link: RevealedLink; onClose: () => void }) {
  const what = link.kind === "invitation" ? "Invitation" : "Password-reset link";
  return (
    <AlertModal
      open
      title={`${what} sent`}
      description={
        <span role="status" data-testid="link-sent">
          {what} sent to <strong className="break-all">{link.email}</strong>.
        </span>
      }
    >
      <div className="space-y-4 text-sm text-slate-600 dark:text-slate-300">
        <p>
          The link in the mail works once, until {formatInstant(new Date(link.expiresAt))}. The portal does not show it: only the mail carries it. If the mail
          does not arrive, make a new link from the admin&apos;s row; the old one then stops working.
        </p>
        <div className="flex justify-end">
          <AlertAction className={buttonClass("primary")} onClick={onClose} data-autofocus>
            Done
          </AlertAction>
        </div>
      </div>
    </AlertModal>
  );
}
