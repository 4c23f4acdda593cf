// What the sign-in page says: the provider's translation keys resolved through a small built-in
// English catalogue (a Content Hub export carries keys such as T_SignIn_AzureAD), and one message
// per way a sign-in through a provider can fail.

/** The built-in English catalogue. A key without an entry is shown as it is. */
export const CATALOGUE: Readonly<Record<string, string>> = {
  T_SignIn: "Sign in",
  T_SignInTitle: "Sign in",
  T_SignInDescription: "Use your organization's account.",
  T_SignIn_AzureAD: "Sign in with Microsoft",
  T_SignInTitle_AzureAD: "Microsoft Entra ID",
  T_SignInDescription_AzureAD: "Use your work or school account.",
  T_SignIn_Okta: "Sign in with Okta",
  T_SignInTitle_Okta: "Okta",
  T_SignIn_Google: "Sign in with Google",
  T_SignInTitle_Google: "Google",
  T_SignIn_Keycloak: "Sign in with Keycloak",
  T_SignIn_SSO: "Sign in with single sign-on",
  T_SignInTitle_SSO: "Single sign-on",
  T_SignInDescription_SSO: "Use your company account.",
};

/** A sign-in text as words: a catalogue key's entry, or the text itself (plain words, or a key the catalogue lacks). */
export function translate(key: string): string {
  return Object.hasOwn(CATALOGUE, key) ? CATALOGUE[key]! : key;
}

/** A text written as a Content Hub key (T_…) that the catalogue does not know: the sign-in page shows it as it is. */
export function isUnknownKey(text: string | null | undefined): boolean {
  return Boolean(text && /^T_[A-Za-z0-9_.-]*$/.test(text) && !Object.hasOwn(CATALOGUE, text));
}

export type ProviderMessages = { signIn: string | null; signInTitle: string | null; signInDescription: string | null };

/** The button text, heading and description of a provider on the sign-in page. */
export function providerTexts(providerName: string, messages: ProviderMessages) {
  return {
    button: messages.signIn ? translate(messages.signIn) : `Sign in with ${providerName}`,
    title: messages.signInTitle ? translate(messages.signInTitle) : null,
    description: messages.signInDescription ? translate(messages.signInDescription) : null,
  };
}

/** Every way a sign-in through a provider ends on the sign-in page instead of the portal. */
export const REFUSALS = {
  provider_unavailable: "This identity provider is not enabled for sign-in. Use another sign-in option or your password.",
  provider_unreachable: "The identity provider could not be reached. Try again in a moment, or sign in with your password below.",
  provider_misconfigured:
    "The identity provider's settings do not match what it announces (issuer, endpoints or response type). An Owner needs to check them in Identity providers; until then, sign in with your password.",
  client_rejected:
    "The identity provider refused the portal's client credentials (client ID or secret). An Owner needs to check them in Identity providers; until then, sign in with your password.",
  state_invalid: "This sign-in expired or was already used. Start again from this page.",
  code_rejected: "The identity provider did not accept the sign-in response (it may have expired). Start again from this page.",
  id_token_invalid: "The identity provider's answer failed verification and was not trusted. Start again; if it happens again, tell an Owner.",
  userinfo_failed: "The identity provider did not return your profile. Start again; if it happens again, tell an Owner.",
  access_denied: "Sign-in was cancelled at the identity provider. Start again when you are ready.",
  provider_error: "The identity provider reported an error and did not sign you in. Start again; if it happens again, tell an Owner.",
  no_email:
    "The identity provider did not say which email address you have, so the portal cannot tell which admin you are. An Owner needs to check the email claim type.",
  email_unverified:
    "The identity provider did not confirm that your email address is verified (email_verified), so the portal cannot trust it. Verify it there, then start again; an Owner can set a provider that verifies every email to be trusted without it.",
  identity_conflict:
    "Your admin account is linked to another account at this identity provider. Sign in with that account, or ask an Owner to remove the link on the Admins page.",
  unknown_user: "There is no portal admin with your email address. Ask an Owner to invite you.",
  account_disabled: "Your admin account is disabled. Ask an Owner to enable it.",
  rate_limited: "Too many sign-in attempts from your address. Wait 15 minutes and try again.",
} as const;

export type RefusalReason = keyof typeof REFUSALS;

export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === "string" && Object.hasOwn(REFUSALS, value);
}
