import { z } from "zod";
import type { IdentityProvider } from "@/lib/generated/prisma/client";
import {
  authenticationMethodSchema,
  authenticationModeSchema,
  authoritySchema,
  clientSecretValueSchema,
  maxAgeSchema,
  messagesShape,
  optionalClaimType,
  optionalPrompt,
  optionalUrlSchema,
  providerClientIdSchema,
  providerNameSchema,
  providerRules,
  responseModeSchema,
  responseTypeSchema,
  scopeListSchema,
  withOpenid,
} from "./fields";
import { SECRET_ACTIONS, type AuthenticationMode, type Prompt, type ResponseMode, type ResponseType } from "./vocabulary";

// An external OpenID Connect identity provider's settings as the portal holds them: the form's schema
// (camelCase, react-hook-form and the server actions), the stored row read back, and the form's values.
// The rules are ./fields.ts; the document shape of import and export is ./document.ts.

// ── The form (camelCase) ──────────────────────────────────────────────────────────────────────

/** From a text input: "" means not set; else a whole number of seconds. */
const maxAgeFormSchema = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (typeof value === "string" ? (value.trim() === "" ? null : Number(value.trim())) : (value ?? null)))
  .pipe(maxAgeSchema.nullable());

/** From a text input: scopes separated by spaces (or new lines). */
const scopeFormSchema = z
  .string()
  .max(10_000)
  .transform((text) => text.split(/\s+/).filter(Boolean))
  .pipe(scopeListSchema);

const providerFields = z.object({
  providerName: providerNameSchema,
  authenticationMode: authenticationModeSchema,
  clientId: providerClientIdSchema,
  /** A new secret; "" sets none (create) or, when editing, means the stored one stays (see secretAction). */
  clientSecret: clientSecretValueSchema,
  authority: authoritySchema,
  metadataAddress: optionalUrlSchema,
  getClaimsFromUserInfoEndpoint: z.boolean(),
  maxAge: maxAgeFormSchema,
  signedOutRedirectUri: optionalUrlSchema,
  redirectUri: optionalUrlSchema,
  externalUserCreationUrl: optionalUrlSchema,
  authenticationMethod: authenticationMethodSchema,
  responseMode: responseModeSchema,
  responseType: responseTypeSchema,
  prompt: optionalPrompt,
  emailClaimType: optionalClaimType,
  /** Trust an email sent without email_verified (docs/decisions/009); email_verified: false is refused all the same. */
  assumeEmailVerified: z.boolean(),
  /** Count the provider's multi-factor sign-in (amr) as the portal's second factor (docs/decisions/017). */
  trustAmrMultiFactor: z.boolean(),
  usernameClaimType: optionalClaimType,
  isEnabled: z.boolean(),
  clearDefaultScope: z.boolean(),
  scope: scopeFormSchema,
  messages: z.object(messagesShape),
});

/** The new-provider form (and action). */
export const createProviderSchema = providerFields.superRefine((values, ctx) => providerRules(values, ctx));

/** The edit form: `version` detects concurrent edits; `secretAction` says what happens to the stored secret. */
export const updateProviderSchema = providerFields
  .extend({ id: z.string().min(1), version: z.number().int().min(1), secretAction: z.enum(SECRET_ACTIONS) })
  .superRefine((values, ctx) => {
    providerRules(values, ctx);
    if (values.secretAction === "replace" && values.clientSecret === "") {
      ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "Enter the new client secret, or cancel replacing it." });
    }
  });

/** What "Test connection" needs: the current (possibly unsaved) values of the form. */
export const testConnectionSchema = z.object({
  authority: authoritySchema,
  metadataAddress: optionalUrlSchema,
  responseType: responseTypeSchema,
  responseMode: responseModeSchema,
  prompt: optionalPrompt,
  scope: scopeFormSchema,
});

export type CreateProviderInput = z.input<typeof createProviderSchema>;
export type UpdateProviderInput = z.input<typeof updateProviderSchema>;
export type TestConnectionInput = z.input<typeof testConnectionSchema>;

/** A provider's settings, whether from the form or from a document (the client secret aside). */
export type ProviderSettings = Omit<z.output<typeof createProviderSchema>, "clientSecret">;

/** The names of a provider's settings, from the form's schema (the client secret is apart). */
export const PROVIDER_SETTING_KEYS = Object.keys(providerFields.shape).filter((key) => key !== "clientSecret") as (keyof ProviderSettings)[];

/** The fields of a stored row (as Prisma returns it) read back as settings. */
export function rowToSettings(row: Pick<IdentityProvider, keyof ProviderSettings>): ProviderSettings {
  const messages = (row.messages ?? {}) as Partial<Record<"signIn" | "signInTitle" | "signInDescription", string | null>>;
  return {
    providerName: row.providerName,
    authenticationMode: row.authenticationMode as AuthenticationMode,
    clientId: row.clientId,
    authority: row.authority,
    metadataAddress: row.metadataAddress,
    getClaimsFromUserInfoEndpoint: row.getClaimsFromUserInfoEndpoint,
    maxAge: row.maxAge,
    signedOutRedirectUri: row.signedOutRedirectUri,
    redirectUri: row.redirectUri,
    externalUserCreationUrl: row.externalUserCreationUrl,
    authenticationMethod: row.authenticationMethod as ProviderSettings["authenticationMethod"],
    responseMode: row.responseMode as ResponseMode,
    responseType: row.responseType as ResponseType,
    prompt: row.prompt as Prompt | null,
    emailClaimType: row.emailClaimType,
    assumeEmailVerified: row.assumeEmailVerified,
    trustAmrMultiFactor: row.trustAmrMultiFactor,
    usernameClaimType: row.usernameClaimType,
    isEnabled: row.isEnabled,
    clearDefaultScope: row.clearDefaultScope,
    scope: withOpenid(Array.isArray(row.scope) ? (row.scope as string[]) : []),
    messages: { signIn: messages.signIn ?? null, signInTitle: messages.signInTitle ?? null, signInDescription: messages.signInDescription ?? null },
  };
}

/** The form's values for settings (strings where the form has text inputs). */
export function settingsToFormValues(settings: ProviderSettings): CreateProviderInput {
  return {
    providerName: settings.providerName,
    authenticationMode: settings.authenticationMode,
    clientId: settings.clientId,
    clientSecret: "",
    authority: settings.authority,
    metadataAddress: settings.metadataAddress ?? "",
    getClaimsFromUserInfoEndpoint: settings.getClaimsFromUserInfoEndpoint,
    maxAge: settings.maxAge === null ? "" : String(settings.maxAge),
    signedOutRedirectUri: settings.signedOutRedirectUri ?? "",
    redirectUri: settings.redirectUri ?? "",
    externalUserCreationUrl: settings.externalUserCreationUrl ?? "",
    authenticationMethod: settings.authenticationMethod,
    responseMode: settings.responseMode,
    responseType: settings.responseType,
    prompt: settings.prompt ?? "",
    emailClaimType: settings.emailClaimType ?? "",
    assumeEmailVerified: settings.assumeEmailVerified,
    trustAmrMultiFactor: settings.trustAmrMultiFactor,
    usernameClaimType: settings.usernameClaimType ?? "",
    isEnabled: settings.isEnabled,
    clearDefaultScope: settings.clearDefaultScope,
    // openid is shown apart, fixed; the input holds the other scopes.
    scope: settings.scope.filter((s) => s !== "openid").join(" "),
    messages: {
      signIn: settings.messages.signIn ?? "",
      signInTitle: settings.messages.signInTitle ?? "",
      signInDescription: settings.messages.signInDescription ?? "",
    },
  };
}

/** A new provider's starting values. */
export const NEW_PROVIDER_VALUES: CreateProviderInput = {
  providerName: "",
  authenticationMode: "Passive",
  clientId: "",
  clientSecret: "",
  authority: "",
  metadataAddress: "",
  getClaimsFromUserInfoEndpoint: true,
  maxAge: "",
  signedOutRedirectUri: "",
  redirectUri: "",
  externalUserCreationUrl: "",
  authenticationMethod: "redirect_get",
  responseMode: "form_post",
  responseType: "code",
  prompt: "",
  emailClaimType: "",
  assumeEmailVerified: false,
  trustAmrMultiFactor: false,
  usernameClaimType: "",
  isEnabled: true,
  clearDefaultScope: false,
  scope: "profile email",
  messages: { signIn: "", signInTitle: "", signInDescription: "" },
};
