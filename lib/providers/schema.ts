import { z } from "zod";
import { redirectUriProblem } from "@/lib/validation/uri";
import {
  AUTHENTICATION_METHODS,
  AUTHENTICATION_MODES,
  PROMPTS,
  RESPONSE_MODES,
  RESPONSE_TYPES,
  SECRET_ACTIONS,
  type AuthenticationMode,
  type Prompt,
  type ResponseMode,
  type ResponseType,
} from "./vocabulary";

// An external OpenID Connect identity provider, in the Content Hub `open_id_connect` shape.
// Each rule is written once below and shared by the form schema (camelCase, react-hook-form and the
// server actions) and the document schema (snake_case, import and export).


const MAX_INT = 2_147_483_647; // fits an Int column in SQLite and PostgreSQL

// ── One rule per field ────────────────────────────────────────────────────────────────────────

/** provider_name: URL-safe (RFC 3986 unreserved characters); it is part of the redirect URI. */
export const providerNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a provider name.")
  .max(100, "Use at most 100 characters.")
  .regex(/^[A-Za-z0-9._~-]+$/, "Use only letters, digits and - _ . ~ (it becomes part of the redirect URI).");

/** client_id at the provider: printable, no spaces. */
export const providerClientIdSchema = z
  .string()
  .trim()
  .min(1, "Enter the client ID the provider gave you.")
  .max(300, "Use at most 300 characters.")
  .regex(/^[\x21-\x7E]*$/, "A client ID has no spaces and only printable ASCII characters.");

/** A client secret as typed or imported (trimmed: surrounding blanks are a paste accident). */
export const clientSecretValueSchema = z.string().trim().max(2000, "Use at most 2000 characters.");

/** An absolute https URL (http only for localhost / loopback), no credentials, no fragment. */
export const httpsUrlSchema = z
  .string()
  .trim()
  .max(2000, "Use at most 2000 characters.")
  .superRefine((value, ctx) => {
    // The same rule as redirect URIs (lib/validation/uri.ts), and the test connection's SSRF rule.
    const problem = redirectUriProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const authoritySchema = z.string().trim().min(1, "Enter the authority (the provider's issuer URL).").pipe(httpsUrlSchema);

/** max_age in seconds. */
export const maxAgeSchema = z
  .number({ message: "Enter a whole number of seconds." })
  .int("Enter a whole number of seconds.")
  .min(0, "max_age cannot be negative.")
  .max(MAX_INT, "That is too long.");

/** A claim type: a name (email) or a URI (http://schemas.xmlsoap.org/…/emailaddress); no spaces. */
export const claimTypeSchema = z
  .string()
  .max(300, "Use at most 300 characters.")
  .regex(/^[\x21-\x7E]+$/, "A claim type has no spaces, e.g. email or preferred_username.");

/** A translation key such as T_SignIn_Title. */
export const translationKeySchema = z
  .string()
  .max(200, "Use at most 200 characters.")
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "Use a translation key such as T_SignInTitle: a letter, then letters, digits and _ . -");

/** One scope token (RFC 6749 §3.3: printable ASCII except space, " and \). */
export const scopeTokenSchema = z
  .string()
  .max(200, "A scope has at most 200 characters.")
  .superRefine((scope, ctx) => {
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      ctx.addIssue({ code: "custom", message: `"${scope}" is not a valid scope (printable ASCII; no spaces, quotes or backslashes).` });
    }
  });

/** Adds openid when it is missing: it is always requested and cannot be removed. */
export function withOpenid(scopes: readonly string[]): string[] {
  return scopes.includes("openid") ? [...scopes] : ["openid", ...scopes];
}

/** The scope list: valid tokens, no duplicates, and always openid. */
export const scopeListSchema = z
  .array(scopeTokenSchema)
  .max(50, "At most 50 scopes.")
  .superRefine((scopes, ctx) => {
    const seen = new Set<string>();
    for (const scope of scopes) {
      if (seen.has(scope)) ctx.addIssue({ code: "custom", message: `"${scope}" is listed twice.` });
      seen.add(scope);
    }
  })
  .transform(withOpenid);

/**
 * An optional value: "" (and, in a document, null or a missing key) means not set and becomes null;
 * anything else, trimmed, must pass `rule`.
 */
function optional<Out>(rule: z.ZodType<Out, string>) {
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value == null || value.trim() === "" ? null : value.trim()))
    .pipe(rule.nullable());
}

export const optionalUrlSchema = optional(httpsUrlSchema);
const optionalClaimType = optional(claimTypeSchema);
const optionalTranslationKey = optional(translationKeySchema);
const optionalPrompt = optional(z.enum(PROMPTS, { message: `Choose one of ${PROMPTS.join(", ")}, or none at all.` }));

const authenticationModeSchema = z.enum(AUTHENTICATION_MODES, { message: "Choose Active or Passive." });
const authenticationMethodSchema = z.enum(AUTHENTICATION_METHODS, { message: "Choose redirect_get or form_post." });
const responseModeSchema = z.enum(RESPONSE_MODES, { message: "Choose query, form_post or fragment." });
const responseTypeSchema = z.enum(RESPONSE_TYPES, { message: `Choose one of: ${RESPONSE_TYPES.join(", ")}.` });

const messagesShape = {
  signIn: optionalTranslationKey,
  signInTitle: optionalTranslationKey,
  signInDescription: optionalTranslationKey,
};

// ── Rules across fields ───────────────────────────────────────────────────────────────────────

/**
 * OAuth 2.0 Multiple Response Type Encoding Practices §5: a response type that returns a token or an
 * ID token from the authorization endpoint must not put it in the query string.
 */
export function responseModeProblem(responseType: string, responseMode: string): string | null {
  const front = responseType.split(" ").some((part) => part === "token" || part === "id_token");
  if (front && responseMode === "query") {
    return `response_type "${responseType}" returns tokens from the authorization endpoint, so it cannot use response_mode "query". Choose form_post.`;
  }
  return null;
}

/** The response types the portal completes: the authorization code flow (optionally hybrid with an ID token). */
export const SIGN_IN_RESPONSE_TYPES: readonly ResponseType[] = ["code", "code id_token"];

/**
 * The portal signs admins in on its server with the authorization code flow (PKCE, state, nonce):
 * a response type without a code, or with an access token in the browser, cannot be completed
 * safely and is refused when it is saved, not when someone tries to sign in.
 */
export function responseTypeProblem(responseType: string): string | null {
  if ((SIGN_IN_RESPONSE_TYPES as readonly string[]).includes(responseType)) return null;
  return `The portal signs in with the authorization code flow, so response_type "${responseType}" cannot be completed safely (it returns no code, or an access token in the browser). Choose code (or code id_token).`;
}

/** The portal's server must receive the provider's answer: never in a URL fragment. */
export function fragmentProblem(responseMode: string): string | null {
  return responseMode === "fragment"
    ? `response_mode "fragment" keeps the provider's answer in the browser, where the portal's server cannot read it. Choose query or form_post.`
    : null;
}


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

type RuleInput = { responseType: string; responseMode: string };

function providerRules(values: RuleInput, ctx: z.RefinementCtx, paths = { responseType: "responseType", responseMode: "responseMode" }) {
  // zod runs refinements even when a field failed; then its value is whatever was sent.
  if (typeof values.responseType !== "string" || typeof values.responseMode !== "string") return;
  const typeProblem = (RESPONSE_TYPES as readonly string[]).includes(values.responseType) ? responseTypeProblem(values.responseType) : null;
  if (typeProblem) ctx.addIssue({ code: "custom", path: [paths.responseType], message: typeProblem });
  const modeProblem = fragmentProblem(values.responseMode) ?? responseModeProblem(values.responseType, values.responseMode);
  if (modeProblem) ctx.addIssue({ code: "custom", path: [paths.responseMode], message: modeProblem });
}

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

// ── The document (snake_case) ─────────────────────────────────────────────────────────────────

/** One entry of `open_id_connect`, in the Content Hub shape. Unknown keys are refused (typos). */
export const providerEntrySchema = z
  .strictObject({
    provider_name: providerNameSchema,
    authentication_mode: authenticationModeSchema,
    client_id: providerClientIdSchema,
    /** Absent, null or "": the stored secret stays (a new provider has none). */
    client_secret: optional(clientSecretValueSchema),
    authority: authoritySchema,
    metadata_address: optionalUrlSchema,
    get_claims_from_user_info_endpoint: z.boolean().default(false),
    max_age: maxAgeSchema.nullable().optional().transform((v) => v ?? null),
    signed_out_redirect_uri: optionalUrlSchema,
    redirect_uri: optionalUrlSchema,
    authentication_method: authenticationMethodSchema,
    response_mode: responseModeSchema,
    response_type: responseTypeSchema,
    prompt: optionalPrompt,
    email_claim_type: optionalClaimType,
    assume_email_verified: z.boolean().default(false),
    trust_amr_multi_factor: z.boolean().default(false),
    username_claim_type: optionalClaimType,
    external_user_creation_url: optionalUrlSchema,
    is_enabled: z.boolean().default(true),
    clear_default_scope: z.boolean().default(false),
    scope: scopeListSchema.default(["openid"]),
    messages: z.strictObject(messagesShape).default({ signIn: null, signInTitle: null, signInDescription: null }),
  })
  .superRefine((entry, ctx) =>
    providerRules({ responseType: entry.response_type, responseMode: entry.response_mode }, ctx, { responseType: "response_type", responseMode: "response_mode" }),
  );

/** The whole document: `{"open_id_connect": [ … ]}`, provider names unique within it. */
export const providerDocumentSchema = z
  .strictObject({
    open_id_connect: z.array(providerEntrySchema, { message: "open_id_connect must be a list of providers." }).max(200, "At most 200 providers."),
  })
  .superRefine((document, ctx) => {
    const seen = new Map<string, number>();
    document.open_id_connect.forEach((entry, index) => {
      if (typeof entry?.provider_name !== "string") return; // already reported
      const first = seen.get(entry.provider_name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["open_id_connect", index, "provider_name"],
          message: `"${entry.provider_name}" is already used by open_id_connect[${first}].`,
        });
      } else seen.set(entry.provider_name, index);
    });
  });

export type ProviderEntryInput = z.input<typeof providerEntrySchema>;
export type ProviderEntry = z.output<typeof providerEntrySchema>;
export type ProviderDocument = z.output<typeof providerDocumentSchema>;

/** The JSON written by export: every key of the shape; optional values are null when not set. */
export type ExportedProviderEntry = {
  provider_name: string;
  authentication_mode: string;
  client_id: string;
  client_secret?: string;
  authority: string;
  metadata_address: string | null;
  get_claims_from_user_info_endpoint: boolean;
  max_age: number | null;
  signed_out_redirect_uri: string | null;
  redirect_uri: string | null;
  authentication_method: string;
  response_mode: string;
  response_type: string;
  prompt: string | null;
  email_claim_type: string | null;
  assume_email_verified: boolean;
  trust_amr_multi_factor: boolean;
  username_claim_type: string | null;
  external_user_creation_url: string | null;
  is_enabled: boolean;
  clear_default_scope: boolean;
  scope: string[];
  messages: { signIn?: string; signInTitle?: string; signInDescription?: string };
};

/** `open_id_connect[1].response_mode` from a zod path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "(document)";
}

/** Every problem of a document, keyed by where it is: { "open_id_connect[1].response_mode": [msg] }. */
export function documentProblems(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[formatIssuePath(issue.path)] ??= []).push(issue.message);
  return out;
}

// ── Mapping between the shapes ────────────────────────────────────────────────────────────────

/** A document entry as settings (camelCase) plus the secret it carries (null: keep / none). */
export function entryToSettings(entry: ProviderEntry): { settings: ProviderSettings; clientSecret: string | null } {
  return {
    clientSecret: entry.client_secret,
    settings: {
      providerName: entry.provider_name,
      authenticationMode: entry.authentication_mode,
      clientId: entry.client_id,
      authority: entry.authority,
      metadataAddress: entry.metadata_address,
      getClaimsFromUserInfoEndpoint: entry.get_claims_from_user_info_endpoint,
      maxAge: entry.max_age,
      signedOutRedirectUri: entry.signed_out_redirect_uri,
      redirectUri: entry.redirect_uri,
      externalUserCreationUrl: entry.external_user_creation_url,
      authenticationMethod: entry.authentication_method,
      responseMode: entry.response_mode,
      responseType: entry.response_type,
      prompt: entry.prompt,
      emailClaimType: entry.email_claim_type,
      assumeEmailVerified: entry.assume_email_verified,
      trustAmrMultiFactor: entry.trust_amr_multi_factor,
      usernameClaimType: entry.username_claim_type,
      isEnabled: entry.is_enabled,
      clearDefaultScope: entry.clear_default_scope,
      scope: entry.scope,
      messages: entry.messages,
    },
  };
}

/** A stored provider's settings as a document entry; `clientSecret` only when the export includes secrets. */
export function settingsToEntry(settings: ProviderSettings, clientSecret?: string | null): ExportedProviderEntry {
  const messages: ExportedProviderEntry["messages"] = {};
  for (const key of ["signIn", "signInTitle", "signInDescription"] as const) {
    const value = settings.messages[key];
    if (value) messages[key] = value;
  }
  return {
    provider_name: settings.providerName,
    authentication_mode: settings.authenticationMode,
    client_id: settings.clientId,
    ...(clientSecret ? { client_secret: clientSecret } : {}),
    authority: settings.authority,
    metadata_address: settings.metadataAddress,
    get_claims_from_user_info_endpoint: settings.getClaimsFromUserInfoEndpoint,
    max_age: settings.maxAge,
    signed_out_redirect_uri: settings.signedOutRedirectUri,
    redirect_uri: settings.redirectUri,
    authentication_method: settings.authenticationMethod,
    response_mode: settings.responseMode,
    response_type: settings.responseType,
    prompt: settings.prompt,
    email_claim_type: settings.emailClaimType,
    assume_email_verified: settings.assumeEmailVerified,
    trust_amr_multi_factor: settings.trustAmrMultiFactor,
    username_claim_type: settings.usernameClaimType,
    external_user_creation_url: settings.externalUserCreationUrl,
    is_enabled: settings.isEnabled,
    clear_default_scope: settings.clearDefaultScope,
    scope: settings.scope,
    messages,
  };
}

/** The fields of a stored row (as Prisma returns it) read back as settings. */
export function rowToSettings(row: {
  providerName: string;
  authenticationMode: string;
  clientId: string;
  authority: string;
  metadataAddress: string | null;
  getClaimsFromUserInfoEndpoint: boolean;
  maxAge: number | null;
  signedOutRedirectUri: string | null;
  redirectUri: string | null;
  externalUserCreationUrl: string | null;
  authenticationMethod: string;
  responseMode: string;
  responseType: string;
  prompt: string | null;
  emailClaimType: string | null;
  assumeEmailVerified: boolean;
  trustAmrMultiFactor: boolean;
  usernameClaimType: string | null;
  isEnabled: boolean;
  clearDefaultScope: boolean;
  scope: unknown;
  messages: unknown;
}): ProviderSettings {
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
