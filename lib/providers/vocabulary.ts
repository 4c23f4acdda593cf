// The values a provider's fields may take and the addresses derived from them: shared by the schema
// (lib/providers/schema.ts), the sign-in flow and the form, which uses them without loading zod
// (components/ui/lazy-resolver.ts).
export const AUTHENTICATION_MODES = ["Active", "Passive"] as const;
export const AUTHENTICATION_METHODS = ["redirect_get", "form_post"] as const;
export const RESPONSE_MODES = ["query", "form_post", "fragment"] as const;
export const RESPONSE_TYPES = ["code", "code id_token", "code id_token token", "code token", "id_token", "id_token token", "none", "token"] as const;
export const PROMPTS = ["none", "login", "consent", "select_account"] as const;
/** What the edit form does with the stored client secret. */
export const SECRET_ACTIONS = ["keep", "replace", "clear"] as const;

export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];
export type ResponseType = (typeof RESPONSE_TYPES)[number];
export type ResponseMode = (typeof RESPONSE_MODES)[number];
export type Prompt = (typeof PROMPTS)[number];
export type SecretAction = (typeof SECRET_ACTIONS)[number];

/** The metadata address used when none is set: {authority}/.well-known/openid-configuration. */
export function defaultMetadataAddress(authority: string): string {
  return `${authority.trim().replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

/** The redirect URI the provider must allow: {HOST}/signin-{provider_name}. */
export function providerRedirectUri(host: string, providerName: string): string {
  return `${host.replace(/\/+$/, "")}/signin-${providerName}`;
}
