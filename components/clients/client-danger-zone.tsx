"use client";

import { useRouter } from "next/navigation";
import { deleteClient, setClientEnabled } from "@/lib/clients/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DangerAction, DangerZone } from "@/components/ui/danger-zone";

/** Disable / enable and delete, each behind a confirmation. */
export function ClientDangerZone({ id, clientId, enabled, secretCount }: { id: string; clientId: string; enabled: boolean; secretCount: number }) {
  const router = useRouter();
  const secrets = `${secretCount} secret${secretCount === 1 ? "" : "s"}`;
  return (
    <DangerZone>
      <DangerAction
        title={enabled ? "Disable this client" : "Enable this client"}
        text={enabled ? "A disabled client cannot get tokens until it is enabled again." : "The client can get tokens again."}
      >
        <ConfirmButton
          variant={enabled ? "danger" : "secondary"}
          label={enabled ? "Disable client" : "Enable client"}
          title={enabled ? `Disable ${clientId}?` : `Enable ${clientId}?`}
          description={enabled ? "Its callers will be refused tokens at once." : "Its callers will be able to get tokens again."}
          confirmLabel={enabled ? "Disable client" : "Enable client"}
          onConfirm={() => setClientEnabled({ id, enabled: !enabled })}
          onDone={() => router.refresh()}
        />
      </DangerAction>
      <DangerAction title="Delete this client" text={`Removes the client and its ${secrets}. This cannot be undone.`}>
        <ConfirmButton
          label="Delete client"
          title={`Delete ${clientId}?`}
          description={`The client and its ${secrets} are deleted for good. Callers using it will be refused.`}
          confirmLabel="Delete client"
          onConfirm={() => deleteClient({ id })}
          onDone={() => router.replace("/clients")}
        />
      </DangerAction>
    </DangerZone>
  );
}
