import { z } from "zod";
import {
  authenticationMethodSchema,
  authenticationModeSchema,
  authoritySchema,
  clientSecretValueSchema,
  maxAgeSchema,
  messagesShape,
  optional,
  optionalClaimType,
  optionalPrompt,
  optionalUrlSchema,
  providerClientIdSchema,
  providerNameSchema,
  providerRules,
  responseModeSchema,
  responseTypeSchema,
  scopeListSchema,
} from "./fields";
import type { ProviderSettings } from "./schema";

// An identity provider in a document: one entry of the Content Hub `open_id_connect` shape, as
// import reads it and export writes it (snake_case), and the mapping to and from the settings.

/** Each setting's key in the document, in the order export writes them (the compiler checks that all are here). */
export const DOCUMENT_KEYS = {
  providerName: "provider_name",
  authenticationMode: "authentication_mode",
  clientId: "client_id",
  authority: "authority",
  metadataAddress: "metadata_address",
  getClaimsFromUserInfoEndpoint: "get_claims_from_user_info_endpoint",
  maxAge: "max_age",
  signedOutRedirectUri: "signed_out_redirect_uri",
  redirectUri: "redirect_uri",
  authenticationMethod: "authentication_method",
  responseMode: "response_mode",
  responseType: "response_type",
  prompt: "prompt",
  emailClaimType: "email_claim_type",
  assumeEmailVerified: "assume_email_verified",
  trustAmrMultiFactor: "trust_amr_multi_factor",
  usernameClaimType: "username_claim_type",
  externalUserCreationUrl: "external_user_creation_url",
  isEnabled: "is_enabled",
  clearDefaultScope: "clear_default_scope",
  scope: "scope",
  messages: "messages",
} as const satisfies { [K in keyof ProviderSettings]: string };

type DocumentKeys = typeof DOCUMENT_KEYS;
type MessageKey = keyof ProviderSettings["messages"];

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
    max_age: maxAgeSchema
      .nullable()
      .optional()
      .transform((v) => v ?? null),
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
    providerRules({ responseType: entry.response_type, responseMode: entry.response_mode }, ctx, {
      responseType: "response_type",
      responseMode: "response_mode",
    }),
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

/** The JSON written by export: every key of the shape; optional values are null when not set, messages only when set. */
export type ExportedProviderEntry = {
  [K in keyof ProviderSettings as DocumentKeys[K]]: K extends "messages" ? Partial<Record<MessageKey, string>> : ProviderSettings[K];
} & { client_secret?: string };

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

const SETTING_KEYS = Object.keys(DOCUMENT_KEYS) as (keyof ProviderSettings)[];

/** A document entry as settings (camelCase) plus the secret it carries (null: keep / none). */
export function entryToSettings(entry: ProviderEntry): { settings: ProviderSettings; clientSecret: string | null } {
  const settings = Object.fromEntries(SETTING_KEYS.map((key) => [key, entry[DOCUMENT_KEYS[key]]])) as ProviderSettings;
  return { clientSecret: entry.client_secret, settings };
}

/** A stored provider's settings as a document entry; `clientSecret` only when the export includes secrets. */
export function settingsToEntry(settings: ProviderSettings, clientSecret?: string | null): ExportedProviderEntry {
  const messages: Partial<Record<MessageKey, string>> = {};
  for (const [key, value] of Object.entries(settings.messages) as [MessageKey, string | null][]) if (value) messages[key] = value;
  const entry: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    entry[DOCUMENT_KEYS[key]] = key === "messages" ? messages : settings[key];
    // The secret where a person looks for it: right after the client_id it belongs to.
    if (key === "clientId" && clientSecret) entry.client_secret = clientSecret;
  }
  return entry as ExportedProviderEntry;
}

// The entry schema has exactly the document's keys: a setting added to one and not the other fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const entryKeysMatch: Same<keyof ProviderEntry, DocumentKeys[keyof DocumentKeys] | "client_secret"> = true;
void entryKeysMatch;
