"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { finishPasskeyRegistration, passkeySignInOptions, startPasskeyRegistration, verifyPasskeySignIn } from "@/lib/mfa/actions";

// The browser side of passkeys: @simplewebauthn/browser is fetched when a button is pressed, not with
// the page (docs/decisions/015); it calls navigator.credentials and encodes the answer.
const browser = () => import("@simplewebauthn/browser");

/** Why a ceremony ended without an answer, in words (the person cancelled, or no authenticator). */
function ceremonyMessage(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "NotAllowedError") return "The passkey request was cancelled or timed out.";
  if (name === "InvalidStateError") return "This passkey is registered already.";
  return "This browser could not use a passkey here.";
}

/** /account: creates a passkey; the first factor brings recovery codes (`onAdded` receives them). */
export function AddPasskeyButton({ onAdded }: { onAdded: (recoveryCodes: string[]) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      setError(null);
      const options = await startPasskeyRegistration({});
      if (!options.ok) return setError(options.message);
      let response;
      try {
        response = await (await browser()).startRegistration({ optionsJSON: options.data });
      } catch (e) {
        return setError(ceremonyMessage(e));
      }
      const result = await finishPasskeyRegistration({ name: "Passkey", response: response as never });
      if (!result.ok) return setError(result.message);
      onAdded(result.data.recoveryCodes);
    });
  return (
    <>
      <Button variant="secondary" pending={pending} onClick={add}>
        Add passkey
      </Button>
      {error && <FormMessage message={error} tone="error" />}
    </>
  );
}

/** /mfa: signs in with a passkey (the action redirects on success). */
export function PasskeySignInButton() {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const signIn = () =>
    startTransition(async () => {
      setError(null);
      const options = await passkeySignInOptions();
      if (!options.ok) return setError(options.message);
      let response;
      try {
        response = await (await browser()).startAuthentication({ optionsJSON: options.data });
      } catch (e) {
        return setError(ceremonyMessage(e));
      }
      const result = await verifyPasskeySignIn({ response: response as never });
      if (result && !result.ok) setError(result.message);
    });
  return (
    <div className="space-y-2">
      <Button className="w-full" pending={pending} onClick={signIn}>
        Use a passkey
      </Button>
      {error && <FormMessage message={error} tone="error" />}
    </div>
  );
}
