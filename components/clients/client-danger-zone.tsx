"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { proposedNotice } from "@/components/change-requests/proposed-notice";
import { ReasonField } from "@/components/change-requests/reason-field";
import { deleteClient, setClientEnabled } from "@/lib/clients/actions";
import { isProposed, type Proposed } from "@/lib/change-requests/proposed";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DangerAction, DangerZone } from "@/components/ui/danger-zone";
import { FormMessage } from "@/components/ui/form-message";
import type { FormNotice } from "@/components/ui/use-action-form";

/**
 * Disable / enable and delete, each behind a confirmation; on a governed profile each becomes a
 * change request, and its confirmation asks for the reason the approver reads.
 */
export function ClientDangerZone({
  id,
  clientId,
  enabled,
  secretCount,
  governed,
}: {
  id: string;
  clientId: string;
  enabled: boolean;
  secretCount: number;
  governed: boolean;
}) {
  const router = useRouter();
  const [notice, setNotice] = useState<FormNotice>(null);
  const [reason, setReason] = useState("");
  const reasonField = governed && <ReasonField value={reason} onChange={(event) => setReason(event.target.value)} />;
  // A proposal is made: its notice shows, and the reason is not offered again for the next one.
  const proposed = (data: Proposed) => {
    setNotice(proposedNotice(data));
    setReason("");
  };
  const approval = governed ? " It needs a second person's approval: it becomes a change request." : "";
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
          description={(enabled ? "Its callers will be refused tokens at once." : "Its callers will be able to get tokens again.") + approval}
          confirmLabel={governed ? `Propose ${enabled ? "disabling" : "enabling"}` : enabled ? "Disable client" : "Enable client"}
          onConfirm={() => setClientEnabled({ id, enabled: !enabled, reason })}
          onDone={(data) => (isProposed(data) ? proposed(data) : router.refresh())}
        >
          {reasonField}
        </ConfirmButton>
      </DangerAction>
      <DangerAction title="Delete this client" text={`Removes the client and its ${secrets}. This cannot be undone.`}>
        <ConfirmButton
          label="Delete client"
          title={`Delete ${clientId}?`}
          description={`The client and its ${secrets} are deleted for good. Callers using it will be refused.${approval}`}
          confirmLabel={governed ? "Propose deletion" : "Delete client"}
          onConfirm={() => deleteClient({ id, reason })}
          onDone={(data) => (isProposed(data) ? proposed(data) : router.replace("/clients"))}
        >
          {reasonField}
        </ConfirmButton>
      </DangerAction>
      {notice && (
        <div className="pt-4">
          <FormMessage message={notice.text} tone={notice.tone} link={notice.link} />
        </div>
      )}
    </DangerZone>
  );
}
