import { z } from "zod";
import { redirectUriProblem } from "@/lib/validation/uri";
import { AUTHENTICATION_METHODS, AUTHENTICATION_MODES, PROMPTS, RESPONSE_MODES, RESPONSE_TYPES, type ResponseType } from "./vocabulary";

// The rules of an identity provider's settings, each written once: shared by the form schema
// (./schema.ts: camelCase, react-hook-form and the server actions) and the document schema
// (./document.ts: snake_case, the Content Hub `open_id_connect` shape of import and export).

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

/**
 * What the sign-in page says for a provider: the words themselves ("Sign in with Walk IdP"), or a
 * translation key of the built-in catalogue such as T_SignIn_AzureAD (lib/providers/sign-in/messages.ts).
 */
export const signInTextSchema = z
  .string()
  .max(200, "Use at most 200 characters.")
  .regex(/^[^\p{Cc}\p{Zl}\p{Zp}]*$/u, "Use one line of text, or a translation key such as T_SignIn.");

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
export function optional<Out>(rule: z.ZodType<Out, string>) {
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value == null || value.trim() === "" ? null : value.trim()))
    .pipe(rule.nullable());
}

export const optionalUrlSchema = optional(httpsUrlSchema);
export const optionalClaimType = optional(claimTypeSchema);
export const optionalSignInText = optional(signInTextSchema);
export const optionalPrompt = optional(z.enum(PROMPTS, { message: `Choose one of ${PROMPTS.join(", ")}, or none at all.` }));

export const authenticationModeSchema = z.enum(AUTHENTICATION_MODES, { message: "Choose Active or Passive." });
export const authenticationMethodSchema = z.enum(AUTHENTICATION_METHODS, { message: "Choose redirect_get or form_post." });
export const responseModeSchema = z.enum(RESPONSE_MODES, { message: "Choose query, form_post or fragment." });
export const responseTypeSchema = z.enum(RESPONSE_TYPES, { message: `Choose one of: ${RESPONSE_TYPES.join(", ")}.` });

export const messagesShape = {
  signIn: optionalSignInText,
  signInTitle: optionalSignInText,
  signInDescription: optionalSignInText,
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

type RuleInput = { responseType: string; responseMode: string };

/** The rules across fields, for the form (camelCase paths) or a document entry (snake_case paths). */
export function providerRules(values: RuleInput, ctx: z.RefinementCtx, paths = { responseType: "responseType", responseMode: "responseMode" }) {
  // zod runs refinements even when a field failed; then its value is whatever was sent.
  if (typeof values.responseType !== "string" || typeof values.responseMode !== "string") return;
  const typeProblem = (RESPONSE_TYPES as readonly string[]).includes(values.responseType) ? responseTypeProblem(values.responseType) : null;
  if (typeProblem) ctx.addIssue({ code: "custom", path: [paths.responseType], message: typeProblem });
  const modeProblem = fragmentProblem(values.responseMode) ?? responseModeProblem(values.responseType, values.responseMode);
  if (modeProblem) ctx.addIssue({ code: "custom", path: [paths.responseMode], message: modeProblem });
}
