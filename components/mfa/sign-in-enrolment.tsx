"use client";

import { useRef } from "react";
import { confirmSignInEnrolment } from "@/lib/mfa/actions";
import type { TotpEnrolment } from "@/lib/mfa/enrolment";
import type { ConfirmTotpInput } from "@/lib/mfa/schema";
import { TotpEnrolmentForm } from "./totp-enrolment-form";

/** /mfa for an admin who must enrol: an authenticator app, then the recovery codes, then the portal. */
export function SignInEnrolment({ enrolment, email }: { enrolment: TotpEnrolment; email: string }) {
  const next = useRef("/");
  const confirm = async (values: ConfirmTotpInput) => {
    const result = await confirmSignInEnrolment(values);
    if (result.ok) next.current = result.data.next;
    return result;
  };
  return <TotpEnrolmentForm enrolment={enrolment} email={email} confirm={confirm} onDone={() => window.location.assign(next.current)} submitLabel="Confirm and sign in" />;
}
