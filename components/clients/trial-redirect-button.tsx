"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { addTrialRedirectUri } from "@/lib/clients/actions";

/** Adds the portal's test redirect URI to the client, after a confirmation naming it. */
export function TrialRedirectButton({ id, clientId, redirectUri }: { id: string; clientId: string; redirectUri: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      variant="secondary"
      label="Add the test redirect URI"
      title={`Add the test redirect URI to ${clientId}?`}
      description={`${redirectUri} is added to the client's redirect URIs (audited); nothing else changes. Remove it from the settings below when you no longer need it.`}
      confirmLabel="Add redirect URI"
      onConfirm={() => addTrialRedirectUri({ id })}
      onDone={() => router.refresh()}
    />
  );
}
