"use client";

import { startTransition } from "react";
import { completeSignInEnrolment, confirmSignInEnrolment } from "@/lib/mfa/actions";
import type { TotpEnrolment } from "@/lib/mfa/enrolment";
import { TotpEnrolmentForm } from "./totp-enrolment-form";

/**
 * /mfa for an admin who must enrol: an authenticator app, then the recovery codes (shown once), then
 * the session starts and the portal opens (completeSignInEnrolment redirects).
 */
export function SignInEnrolment({ enrolment, email }: { enrolment: TotpEnrolment; email: string }) {
  const complete = () =>
    startTransition(async () => {
      const result = await completeSignInEnrolment();
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the pending sign-in expired: start over with a full load.
      if (result && !result.ok) window.location.assign("/sign-in?expired=1");
    });
  return <TotpEnrolmentForm enrolment={enrolment} email={email} confirm={confirmSignInEnrolment} onDone={complete} submitLabel="Confirm and sign in" />;
}
