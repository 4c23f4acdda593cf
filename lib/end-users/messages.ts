import type { RefusalReason } from "@/lib/providers/sign-in/messages";

// What an end user reads when signing in through an identity provider did not work: the reasons a
// provider sign-in can fail (lib/providers/sign-in/messages.ts), in words for someone who is not an
// admin of the portal. The reasons about admin accounts cannot happen to an end user.

export const END_USER_REFUSALS = {
  provider_unavailable: "This way of signing in is not available any more. Choose another one.",
  provider_unreachable: "The identity provider could not be reached. Try again in a moment.",
  provider_misconfigured: "The identity provider is not set up correctly. Tell the team that runs this application.",
  client_rejected: "The identity provider did not accept this portal. Tell the team that runs this application.",
  state_invalid: "This sign-in expired or was already used. Start again.",
  code_rejected: "The identity provider's answer had expired. Start again.",
  id_token_invalid: "The identity provider's answer failed verification and was not trusted. Start again.",
  userinfo_failed: "The identity provider did not return your profile. Start again.",
  access_denied: "Sign-in was cancelled at the identity provider. Start again when you are ready.",
  provider_error: "The identity provider reported an error and did not sign you in. Start again.",
  rate_limited: "Too many sign-in attempts from your address. Wait a few minutes and try again.",
} as const satisfies Partial<Record<RefusalReason, string>>;

export type EndUserRefusal = keyof typeof END_USER_REFUSALS;

export function isEndUserRefusal(value: unknown): value is EndUserRefusal {
  return typeof value === "string" && Object.hasOwn(END_USER_REFUSALS, value);
}
