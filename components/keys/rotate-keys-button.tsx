"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { rotateSigningKeysAction } from "@/lib/oauth/actions";

/** "Rotate keys", behind a confirmation. */
export function RotateKeysButton() {
  const router = useRouter();
  return (
    <ConfirmButton
      variant="secondary"
      label="Rotate keys"
      title="Rotate the signing keys?"
      description="New ES256 and RS256 keys sign every token from now on. The current keys are retired but stay published for one hour, so tokens they signed keep working until they expire."
      confirmLabel="Rotate keys"
      onConfirm={() => rotateSigningKeysAction({})}
      onDone={() => router.refresh()}
    />
  );
}
