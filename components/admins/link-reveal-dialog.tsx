"use client";

import type { RevealedLink } from "@/lib/admins/actions";
import { SecretRevealDialog } from "@/components/secrets/secret-reveal-dialog";

/** An invitation or password-reset link, shown once in the secrets' reveal dialog. */
export function LinkRevealDialog({ link, onClose }: { link: RevealedLink | null; onClose: () => void }) {
  return <SecretRevealDialog secret={link && { value: link.url, ownerLabel: link.email, ownerKind: link.kind }} onClose={onClose} />;
}
