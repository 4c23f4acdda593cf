"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { revokeEndUserGrants, signOutEndUserEverywhere } from "@/lib/end-users/actions";

/** "Revoke this client's grants", behind a confirmation that says what happens. */
export function RevokeGrantsButton({ id, person, clientId, clientName }: { id: string; person: string; clientId: string; clientName: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      size="small"
      label="Revoke this client's grants"
      title={`Revoke the grants of ${person} to ${clientName}?`}
      description={`${clientName} loses its access at once: every token and code it holds for ${person} stops working. ${person} stays signed in elsewhere, and the next sign-in to ${clientName} asks for consent again.`}
      confirmLabel="Revoke grants"
      onConfirm={() => revokeEndUserGrants({ id, clientId })}
      onDone={() => router.refresh()}
    />
  );
}

/** "Sign out everywhere", behind a confirmation that says what happens. */
export function SignOutEverywhereButton({ id, person }: { id: string; person: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Sign out everywhere"
      title={`Sign ${person} out everywhere?`}
      description={`Every session of ${person} at the portal ends, and every token and code they hold at every client stops working. Their consents remain: the next time they sign in, they are not asked again.`}
      confirmLabel="Sign out everywhere"
      onConfirm={() => signOutEndUserEverywhere({ id })}
      onDone={() => router.refresh()}
    />
  );
}
