"use client";

import { useRouter } from "next/navigation";
import { DangerAction, DangerZone } from "@/components/ui/danger-zone";
import { DeleteProviderButton } from "./providers-table";

/** Delete the provider, behind a confirmation. */
export function ProviderDangerZone({ id, providerName }: { id: string; providerName: string }) {
  const router = useRouter();
  return (
    <DangerZone>
      <DangerAction title="Delete this provider" text="Removes its settings and its stored client secret. This cannot be undone.">
        <DeleteProviderButton id={id} providerName={providerName} onDone={() => router.replace("/providers")} />
      </DangerAction>
    </DangerZone>
  );
}
