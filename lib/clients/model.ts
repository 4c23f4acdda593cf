import { z } from "zod";
import { ROLES, roleOf } from "@/lib/auth/permissions";
import { profileContextIdSchema, profileSchema } from "@/lib/profiles/schema";
import { scopeNameSchema } from "@/lib/scopes/schema";
import { optionalInstantSchema, rfc3339 } from "@/lib/validation/dates";
import { LIMITS } from "@/lib/validation/limits";
import { redirectUriLinesSchema, redirectUriListSchema, splitLines } from "@/lib/validation/uri";
import { CLIENT_FLOWS, ID_TOKEN_SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from "./vocabulary";

// The client, the portal's main noun, declared once. Every setting a client has is one entry of
// CLIENT_MODEL below: its rule, its default, and its name in each vocabulary that carries it — the
// form, the REST API (Beyond Identity's names), the whole-portal JSON and the Usercube XML (null: the
// XML does not carry it, and an XML import keeps the stored value). ClientSettings, the field list,
// the defaults, the mappers row ↔ settings ↔ REST / JSON / form, the audit diff and the import plan
// are all derived from it, and so are the pages that show a client: its label and input for the form
// (components/clients/client-form.tsx draws the simple ones), how it reads on the client page and the
// hand-over sheet (components/clients/client-details.tsx), whether the clients list reads it. A new
// field is one entry here plus its column in prisma/schema.prisma (and its migration).
// lib/clients/model.test.ts proves every vocabulary carries every declared field.

/**
 * How a setting is stored and typed in, which decides its mappers: plain values, a list (one entry a
 * line in the form), a nullable text / number / choice / instant ("" in the form means none), or a
 * reference (the profile by identifier, the scopes by name; the form and the database hold their ids).
 */
type Kind = "value" | "text?" | "lines" | "number?" | "choice?" | "instant?" | "ref" | "refs";

/** The form's sections (components/clients/client-form.tsx). */
export type FormSection = "identity" | "protocol" | "access";

/**
 * How the form takes a setting in. Without `custom`, the form draws it from the declaration: a text
 * input (a text area with `rows`), a text area for a list, a select for a choice (the rule's enum),
 * a checkbox for a boolean, the date picker for an instant. `custom`: the form draws it by hand
 * (references, choices with their own options, fields that react to others).
 */
type InputSpec = {
  section: FormSection;
  custom?: true;
  /** The form's label when it differs from the field's label. */
  label?: string;
  hint?: string;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  spellCheck?: false;
  type?: "url";
};

/**
 * How a value reads on the client page and the hand-over sheet: as text, as code, a list (one a line
 * on the sheet, comma-separated on the page), words (space-separated), an instant, a link.
 */
export type Display = "text" | "code" | "lines" | "words" | "instant" | "link";

type FieldSpec = {
  kind: Kind;
  /** What people call it: the form's label and the detail rows'. */
  label: string;
  input: InputSpec;
  /** Shown on the hand-over sheet (and on the client page with `page`), read as `as`. */
  detail?: { as: Display; page?: true };
  /** The clients list reads it (lib/clients/queries.ts listClients). */
  list?: true;
  /** The field's name in each vocabulary; xml null: the Usercube XML does not carry it. */
  names: { form: string; rest: string; json: string; xml: string | null };
  /** The rule for a document's value (REST and JSON); its output is the setting's value. */
  wire: z.ZodType;
  /** The form's rule, when its input differs (text areas, "" for none, ids for references). */
  form?: z.ZodType;
  /** A new client's value when a document leaves the field out; absent: the field is required. */
  default?: unknown;
  /** The REST API's description (OpenAPI). */
  description?: string;
};

/** An owner or a contact: a team's name, or a person's email (checked when it holds an @). */
const personSchema = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.shortText, `Use at most ${LIMITS.shortText} characters.`)
  .superRefine((value, ctx) => {
    if (value.includes("@") && !z.email().safeParse(value).success) ctx.addIssue({ code: "custom", message: `"${value}" is not a valid email address.` });
  });
const peopleSchema = z
  .array(personSchema)
  .max(20, "At most 20 entries.")
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const entry of list) {
      if (seen.has(entry.toLowerCase())) ctx.addIssue({ code: "custom", message: `"${entry}" is listed twice.` });
      seen.add(entry.toLowerCase());
    }
  });
/** A textarea, one entry a line. */
const peopleLinesSchema = z.string().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`).transform(splitLines).pipe(peopleSchema);

/** A link people follow (a runbook): an absolute https URL, without credentials. */
const httpsUrlSchema = z
  .string()
  .trim()
  .max(LIMITS.description, `Use at most ${LIMITS.description} characters.`)
  .refine((value) => {
    const url = URL.parse(value);
    return url?.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
  }, "Use an https URL, e.g. https://wiki.example.com/runbooks/orders.");

const instantSchema = z.iso.datetime({ offset: true, message: "Use an RFC 3339 date-time, e.g. 2027-01-31T12:00:00Z." }).transform((v) => new Date(v));
const nullable = <T extends z.ZodType>(rule: T) => z.union([z.literal("").transform(() => null), z.null(), rule]);

/** THE declaration of a client's settings (see the top of this file). */
export const CLIENT_MODEL = {
  displayName: {
    kind: "value",
    label: "Display name",
    input: { section: "identity", required: true, maxLength: LIMITS.name },
    detail: { as: "text" },
    list: true,
    names: { form: "displayName", rest: "name", json: "display_name", xml: "DisplayName_L1" },
    wire: z.string().trim().min(1, "Enter a display name.").max(LIMITS.name, `Use at most ${LIMITS.name} characters.`),
    description: "Display name.",
  },
  description: {
    kind: "value",
    label: "Description",
    input: { section: "identity", rows: 2, maxLength: LIMITS.description },
    names: { form: "description", rest: "description", json: "description", xml: null },
    wire: z.string().trim().max(LIMITS.description, `Use at most ${LIMITS.description} characters.`),
    default: "",
  },
  redirectUris: {
    kind: "lines",
    label: "Redirect URIs",
    input: { section: "protocol", custom: true },
    detail: { as: "lines" },
    names: { form: "redirectUris", rest: "redirect_uris", json: "redirect_uris", xml: null },
    wire: redirectUriListSchema,
    form: redirectUriLinesSchema,
    default: [],
    description: "Absolute https URLs (http only for localhost), no fragment, at most 50.",
  },
  postLogoutRedirectUris: {
    kind: "lines",
    label: "Post-logout redirect URIs",
    input: { section: "protocol", rows: 2, spellCheck: false, hint: "Optional. One URL per line, same rules.", maxLength: LIMITS.uriLines },
    names: { form: "postLogoutRedirectUris", rest: "post_logout_redirect_uris", json: "post_logout_redirect_uris", xml: null },
    wire: redirectUriListSchema,
    form: redirectUriLinesSchema,
    default: [],
  },
  flow: {
    kind: "value",
    label: "Flow",
    input: { section: "protocol", custom: true },
    detail: { as: "text" },
    list: true,
    names: { form: "flow", rest: "flow", json: "flow", xml: null },
    wire: z.enum(CLIENT_FLOWS, { message: "Choose a flow." }),
    // A Usercube OpenIdClient is a ClientCredentials client.
    default: "ClientCredentials",
  },
  idTokenSignedResponseAlg: {
    kind: "value",
    label: "ID token signing algorithm",
    input: { section: "protocol", label: "ID token signing algorithm (id_token_signed_response_alg)", required: true },
    detail: { as: "text" },
    names: { form: "idTokenSignedResponseAlg", rest: "id_token_signed_response_alg", json: "id_token_signed_response_alg", xml: null },
    wire: z.enum(ID_TOKEN_SIGNING_ALGS, { message: "Choose ES256 or RS256." }),
    default: "RS256",
  },
  tokenEndpointAuthMethod: {
    kind: "value",
    label: "Token endpoint auth method",
    input: { section: "protocol", custom: true },
    detail: { as: "code" },
    names: { form: "tokenEndpointAuthMethod", rest: "token_endpoint_auth_method", json: "token_endpoint_auth_method", xml: null },
    wire: z.enum(TOKEN_ENDPOINT_AUTH_METHODS, { message: "Choose an authentication method." }),
    default: "client_secret_basic",
    description: "none makes a public client (AuthorizationCode only); any other method makes a confidential client, which gets a first secret.",
  },
  owners: {
    kind: "lines",
    label: "Owners",
    input: {
      section: "identity",
      rows: 2,
      maxLength: LIMITS.description,
      hint: "The people or team responsible for this client: one a line, a name or an email.",
    },
    detail: { as: "lines", page: true },
    list: true,
    names: { form: "owners", rest: "owners", json: "owners", xml: null },
    wire: peopleSchema,
    form: peopleLinesSchema.prefault(""),
    default: [],
    description: "The people or team responsible for the client: names, or emails (checked), at most 20.",
  },
  contacts: {
    kind: "lines",
    label: "Contacts",
    input: { section: "identity", rows: 2, maxLength: LIMITS.description, hint: "Whom to contact about it (on call, support): one a line." },
    detail: { as: "lines", page: true },
    names: { form: "contacts", rest: "contacts", json: "contacts", xml: null },
    wire: peopleSchema,
    form: peopleLinesSchema.prefault(""),
    default: [],
    description: "Whom to contact about the client: names, or emails (checked), at most 20.",
  },
  documentationUrl: {
    kind: "text?",
    names: { form: "documentationUrl", rest: "documentation_url", json: "documentation_url", xml: null },
    label: "Documentation",
    input: {
      section: "identity",
      type: "url",
      spellCheck: false,
      maxLength: LIMITS.description,
      hint: "Optional. A link to its runbook or documentation (https).",
    },
    detail: { as: "link", page: true },
    wire: httpsUrlSchema.nullable(),
    /** "" from the form means none. */
    form: nullable(httpsUrlSchema).prefault(""),
    default: null,
    description: "An https link to the client's runbook or documentation, or null (the default).",
  },
  profile: {
    kind: "ref",
    label: "Profile",
    input: { section: "access", custom: true },
    detail: { as: "text" },
    names: { form: "profileId", rest: "profile", json: "profile", xml: "Profile" },
    wire: profileSchema.shape.identifier,
    form: z.string().min(1, "Choose a profile."),
  },
  profileContextId: {
    kind: "number?",
    label: "Profile context",
    input: { section: "access", custom: true },
    list: true,
    names: { form: "profileContextId", rest: "profile_context_id", json: "profile_context_id", xml: "ContextId" },
    wire: profileContextIdSchema.pipe(z.number()).nullable(),
    /** "" from the form means no context. */
    form: nullable(profileContextIdSchema),
    default: null,
  },
  adminApiRole: {
    kind: "choice?",
    label: "Admin API access",
    input: { section: "access", custom: true },
    names: { form: "adminApiRole", rest: "admin_api_role", json: "admin_api_role", xml: null },
    /**
     * What the client may do in the portal's admin API (/api/v0), its own grant (ADR 008); null:
     * nothing. Only someone who holds that power may give it (lib/auth/power.ts).
     */
    wire: z.enum(ROLES, { message: "Choose Owner, Editor, Auditor or no access." }).nullable(),
    form: nullable(z.enum(ROLES, { message: "Choose Owner, Editor, Auditor or no access." })).default(null),
    default: null,
    description:
      "What the client may do in this admin API: Owner, Editor or Auditor (within its profile context when it has one), or null for nothing (the default). Only a caller who holds that power may grant it (403 otherwise).",
  },
  expiresAt: {
    kind: "instant?",
    label: "Expires",
    input: { section: "access", hint: "Optional. After this moment the client can no longer be used." },
    detail: { as: "instant", page: true },
    list: true,
    names: { form: "expiresAt", rest: "expires_at", json: "expires_at", xml: "ExpirationDate" },
    wire: instantSchema.nullable(),
    form: optionalInstantSchema,
    default: null,
    description: "RFC 3339 instant after which the client can no longer be used, or null.",
  },
  enabled: {
    kind: "value",
    label: "Enabled",
    input: { section: "access", hint: "A disabled client cannot get tokens." },
    list: true,
    names: { form: "enabled", rest: "enabled", json: "enabled", xml: null },
    wire: z.boolean(),
    default: true,
  },
  firstParty: {
    kind: "value",
    label: "First-party app",
    input: {
      section: "protocol",
      hint: "Your organization's own app: people who sign in to it are not asked to consent to the scopes it requests.",
    },
    names: { form: "firstParty", rest: "first_party", json: "first_party", xml: null },
    wire: z.boolean(),
    default: false,
    description: "A first-party app: end users signing in to it are not asked for consent (docs/decisions/020).",
  },
  scopes: {
    kind: "refs",
    label: "Scopes",
    input: { section: "access", custom: true },
    detail: { as: "words" },
    names: { form: "scopeIds", rest: "scopes", json: "scopes", xml: null },
    wire: z.array(scopeNameSchema).max(200, "Choose at most 200 scopes."),
    /** The scopes by internal id. */
    form: z
      .array(z.string().min(1))
      .max(200, "Choose at most 200 scopes.")
      .default([])
      .transform((ids) => [...new Set(ids)]),
    default: [],
    description: "Names of the scopes the client may request.",
  },
} as const satisfies Record<string, FieldSpec>;

type Model = typeof CLIENT_MODEL;
export type ClientField = keyof Model;
export type Vocabulary = "form" | "rest" | "json";

/** A client's settings: references by name (the profile's identifier, the scopes' names). */
export type ClientSettings = { -readonly [K in ClientField]: z.output<Model[K]["wire"]> };

/** Every setting, in the declaration's order. */
export const CLIENT_SETTING_KEYS = Object.keys(CLIENT_MODEL) as ClientField[];

/** The settings a new client gets when a document (REST, JSON, XML) leaves them out. */
export type ClientDefaults = { [K in ClientField as Model[K] extends { default: unknown } ? K : never]: ClientSettings[K] };
export const CLIENT_DEFAULTS = Object.fromEntries(
  CLIENT_SETTING_KEYS.filter((k) => "default" in CLIENT_MODEL[k]).map((k) => [k, (CLIENT_MODEL[k] as FieldSpec).default]),
) as ClientDefaults;

/** A field's name in a vocabulary. */
export function nameIn(vocabulary: Vocabulary, field: ClientField): string {
  return CLIENT_MODEL[field].names[vocabulary];
}

/** The setting a vocabulary's name stands for (a form field, a REST or JSON key), or undefined. */
export function fieldNamed(vocabulary: Vocabulary, name: string): ClientField | undefined {
  return CLIENT_SETTING_KEYS.find((k) => CLIENT_MODEL[k].names[vocabulary] === name);
}

/** Every setting by its name in `vocabulary`: { name: "displayName", … } for REST. */
export function namesIn(vocabulary: Vocabulary): Record<string, ClientField> {
  return Object.fromEntries(CLIENT_SETTING_KEYS.map((k) => [CLIENT_MODEL[k].names[vocabulary], k]));
}

// ── Pages: the form's inputs, the detail rows, the list ───────────────────────────────────────

/** A setting's name in the form. */
export type FormName = Model[ClientField]["names"]["form"];
/** The form fields the form draws by hand (declared `custom`). */
export type CustomInputName = { [K in ClientField]: Model[K]["input"] extends { custom: true } ? Model[K]["names"]["form"] : never }[ClientField];

/** One input of the client form, as the form draws it (plain data: the server hands it to the form). */
export type ClientInput = Omit<InputSpec, "custom"> & {
  name: FormName;
  label: string;
  control: "custom" | "text" | "textarea" | "select" | "checkbox" | "instant";
  /** A select's choices (the rule's enum). */
  options?: readonly string[];
};

/** What the form draws for a field not declared `custom`, from its kind and its rule. */
function controlOf(field: ClientField, spec: FieldSpec): Pick<ClientInput, "control" | "options"> {
  if (spec.kind === "lines") return { control: "textarea" };
  if (spec.kind === "instant?") return { control: "instant" };
  if (spec.wire instanceof z.ZodBoolean) return { control: "checkbox" };
  if (spec.wire instanceof z.ZodEnum) return { control: "select", options: spec.wire.options as string[] };
  if (spec.kind === "text?" || (spec.kind === "value" && spec.wire instanceof z.ZodString)) return { control: spec.input.rows ? "textarea" : "text" };
  throw new Error(
    `lib/clients/model.ts: the form cannot draw ${field} (${spec.kind}); declare its input custom and draw it in components/clients/client-form.tsx`,
  );
}

/** The client form's inputs, in the declaration's order (the form places them in its sections). */
export function clientFormInputs(): ClientInput[] {
  return CLIENT_SETTING_KEYS.map((field) => {
    const spec: FieldSpec = CLIENT_MODEL[field];
    const { custom, label = spec.label, ...input } = spec.input;
    return { ...input, name: spec.names.form as FormName, label, ...(custom ? { control: "custom" as const } : controlOf(field, spec)) };
  });
}

/** The settings the hand-over sheet shows ("sheet"), or the client page ("page"), in the declaration's order. */
export function detailFields(view: "page" | "sheet"): ClientField[] {
  return CLIENT_SETTING_KEYS.filter((field) => {
    const detail = (CLIENT_MODEL[field] as FieldSpec).detail;
    return detail && (view === "sheet" || detail.page);
  });
}

/** A setting's label and how it reads (its declaration's `detail`). */
export function detailOf(field: ClientField): { label: string; as: Display } {
  const spec: FieldSpec = CLIENT_MODEL[field];
  return { label: spec.label, as: spec.detail?.as ?? "text" };
}

type ListField = { [K in ClientField]: Model[K] extends { list: true } ? K : never }[ClientField];
/** The settings the clients list reads, for its Prisma `select`. */
export const CLIENT_LIST_COLUMNS = Object.fromEntries(CLIENT_SETTING_KEYS.filter((k) => "list" in CLIENT_MODEL[k]).map((k) => [k, true])) as {
  [K in Exclude<ListField, "profile" | "scopes">]: true;
};

// ── Shapes (zod) ──────────────────────────────────────────────────────────────────────────────

type WithDefault<S, K extends ClientField> = Model[K] extends { default: unknown } ? z.ZodDefault<S & z.ZodType> : S;
type FormRule<K extends ClientField> = Model[K] extends { form: infer F } ? F : Model[K]["wire"];

export type WireShape<V extends "rest" | "json"> = { [K in ClientField as Model[K]["names"][V]]: WithDefault<Model[K]["wire"], K> };
export type FormShape = { -readonly [K in ClientField as Model[K]["names"]["form"]]: FormRule<K> };

/** The settings' rules as a document spells them (REST or JSON), with the defaults of a new client. */
export function wireShape<V extends "rest" | "json">(vocabulary: V): WireShape<V> {
  return Object.fromEntries(
    CLIENT_SETTING_KEYS.map((k) => {
      const spec: FieldSpec = CLIENT_MODEL[k];
      let rule = "default" in spec ? spec.wire.default(spec.default as never) : spec.wire;
      if (vocabulary === "rest" && spec.description) rule = rule.meta({ description: spec.description });
      return [spec.names[vocabulary], rule];
    }),
  ) as WireShape<V>;
}

/** The settings' rules as the form spells them (camelCase, text inputs, internal ids). */
export function formShape(): FormShape {
  return Object.fromEntries(
    CLIENT_SETTING_KEYS.map((k) => [CLIENT_MODEL[k].names.form, (CLIENT_MODEL[k] as FieldSpec).form ?? CLIENT_MODEL[k].wire]),
  ) as FormShape;
}

type OutShape<V extends "rest" | "json"> = {
  [K in ClientField as Model[K]["names"][V]]: Model[K]["kind"] extends "instant?" ? z.ZodNullable<z.ZodString> : Model[K]["wire"];
};

/** The settings as an answer spells them (instants as RFC 3339 text), for the API's documentation. */
export function wireOutShape<V extends "rest" | "json">(vocabulary: V): OutShape<V> {
  const instant = z.string().meta({ format: "date-time", description: "RFC 3339 (UTC)" }).nullable();
  return Object.fromEntries(
    CLIENT_SETTING_KEYS.map((k) => [CLIENT_MODEL[k].names[vocabulary], CLIENT_MODEL[k].kind === "instant?" ? instant : CLIENT_MODEL[k].wire]),
  ) as OutShape<V>;
}

// ── Mappers ───────────────────────────────────────────────────────────────────────────────────

type Wire<V> = V extends Date ? string : V;
/** Settings as a document (REST or JSON) spells them: instants as RFC 3339, scopes sorted. */
export type WireSettings<V extends "rest" | "json"> = { [K in ClientField as Model[K]["names"][V]]: Wire<ClientSettings[K]> };

const sortedCopy = (list: readonly string[]) => [...list].sort();

/** Settings → a document's keys and values. */
export function settingsToWire<V extends "rest" | "json">(vocabulary: V, settings: ClientSettings): WireSettings<V> {
  return Object.fromEntries(
    CLIENT_SETTING_KEYS.map((k) => {
      const value = settings[k];
      const kind = CLIENT_MODEL[k].kind as Kind;
      // The JSON keeps milliseconds, so its round trip is lossless; the API answers to the second.
      const instant = (date: Date) => (vocabulary === "json" ? date.toISOString() : rfc3339(date));
      const wire = kind === "instant?" ? (value ? instant(value as Date) : null) : kind === "refs" ? sortedCopy(value as string[]) : value;
      return [CLIENT_MODEL[k].names[vocabulary], wire];
    }),
  ) as WireSettings<V>;
}

/** A parsed document's values (its names) → settings; keys it lacks stay absent. */
export function wireToSettings<V extends "rest" | "json">(vocabulary: V, wire: Partial<Record<string, unknown>>): Partial<ClientSettings> {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_SETTING_KEYS) {
    const name = CLIENT_MODEL[k].names[vocabulary];
    if (name in wire && wire[name] !== undefined) out[k] = wire[name];
  }
  return out as Partial<ClientSettings>;
}

/** The stored columns of a client (Prisma's row) with its references read by name. */
export type ClientRow = { [K in Exclude<ClientField, "profile" | "scopes">]: unknown } & {
  profile: { identifier: string };
  scopes: { scope: { name: string } }[];
};

type ColumnField = Exclude<ClientField, "profile" | "scopes">;
/** The stored columns of the settings, for a Prisma `select` (the references are relations). */
export const CLIENT_COLUMNS = Object.fromEntries(CLIENT_SETTING_KEYS.filter((k) => !["ref", "refs"].includes(CLIENT_MODEL[k].kind)).map((k) => [k, true])) as {
  [K in ColumnField]: true;
};

/** A stored row → settings. */
export function rowToSettings(row: ClientRow): ClientSettings {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_SETTING_KEYS) {
    const kind = CLIENT_MODEL[k].kind as Kind;
    if (kind === "ref") out[k] = row.profile.identifier;
    else if (kind === "refs") out[k] = row.scopes.map((s) => s.scope.name).sort();
    else if (k === "adminApiRole") out[k] = row.adminApiRole == null ? null : roleOf(String(row.adminApiRole));
    else out[k] = row[k as keyof typeof row];
  }
  return out as ClientSettings;
}

/** What the form and the services hold: the settings, with the profile and the scopes by internal id. */
export type ClientValues = Omit<ClientSettings, "profile" | "scopes"> & { profileId: string; scopeIds: string[] };

/** The columns of a client for its values (the scopes are a relation, written apart). */
export function valuesToColumns({ scopeIds: _scopes, ...columns }: ClientValues) {
  return columns;
}

/** Settings with their references resolved to internal ids. */
export function settingsToValues(settings: ClientSettings, refs: { profileId: string; scopeIds: string[] }): ClientValues {
  const { profile: _profile, scopes: _scopes, ...rest } = settings;
  return { ...rest, ...refs };
}

/** Values with their references named (the profile's identifier, the scopes' names). */
export function valuesToSettings(values: ClientValues, refs: { profile: string; scopes: string[] }): ClientSettings {
  const { profileId: _profileId, scopeIds: _scopeIds, ...rest } = values;
  return { ...rest, profile: refs.profile, scopes: [...refs.scopes].sort() };
}

/** The form's input for settings (text where the form has text inputs), references by id. */
export type ClientFormInput = { -readonly [K in keyof FormShape]: z.input<FormShape[K]> };
export function settingsToFormInput(settings: Omit<ClientSettings, "profile" | "scopes">, refs: { profileId: string; scopeIds: string[] }): ClientFormInput {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_SETTING_KEYS) {
    const kind = CLIENT_MODEL[k].kind as Kind;
    const name = CLIENT_MODEL[k].names.form;
    if (kind === "ref") out[name] = refs.profileId;
    else if (kind === "refs") out[name] = refs.scopeIds;
    else {
      const value = settings[k as Exclude<ClientField, "profile" | "scopes">];
      out[name] =
        kind === "lines"
          ? (value as string[]).join("\n")
          : kind === "number?"
            ? value === null
              ? ""
              : String(value)
            : kind === "choice?" || kind === "text?"
              ? (value ?? "")
              : kind === "instant?"
                ? ((value as Date | null)?.toISOString() ?? "")
                : value;
    }
  }
  return out as ClientFormInput;
}

// ── Comparison ────────────────────────────────────────────────────────────────────────────────

export type Change = { from: unknown; to: unknown };

/** Dates as ISO text; an empty text or list counts as no value, so "" → "x" reads as — → x. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return null;
  return value;
}

/**
 * The settings that differ, as { field: { from, to } } — the audit log's and the import plan's one
 * comparison. Fields absent from `after` are not compared (a document that leaves them out keeps them).
 */
export function diffSettings(before: Partial<ClientSettings> | null, after: Partial<ClientSettings>): Partial<Record<ClientField, Change>> {
  const changes: Partial<Record<ClientField, Change>> = {};
  for (const k of CLIENT_SETTING_KEYS) {
    if (!(k in after) || after[k] === undefined) continue;
    // The scopes read as a list, even an empty one ("billing.read" → none reads [billing.read] → []).
    const shown = (v: unknown) => (CLIENT_MODEL[k].kind === "refs" ? sortedCopy((v as string[] | undefined) ?? []) : (comparable(v) ?? null));
    const from = shown(before?.[k]);
    const to = shown(after[k]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[k] = { from, to };
  }
  return changes;
}

// ── Rules across fields ───────────────────────────────────────────────────────────────────────

export type ClientProblem = { path: ClientField; message: string };
export type ClientRuleInput = Pick<ClientSettings, "flow" | "tokenEndpointAuthMethod" | "redirectUris">;

/**
 * The rules that involve several fields; each problem names the setting to change. The form, the
 * action, the REST API and the importer all call this, and name the path in their own vocabulary.
 */
export function clientRules(client: ClientRuleInput): ClientProblem[] {
  const problems: ClientProblem[] = [];
  // zod runs refinements even when a field failed; then its value is whatever was sent.
  if (!Array.isArray(client.redirectUris)) return problems;
  if (client.flow !== "ClientCredentials" && client.redirectUris.length === 0) {
    problems.push({ path: "redirectUris", message: `Add at least one redirect URI (only ClientCredentials clients go without).` });
  }
  if (client.tokenEndpointAuthMethod === "none" && client.flow !== "AuthorizationCode") {
    problems.push({
      path: "tokenEndpointAuthMethod",
      message:
        client.flow === "ClientCredentials"
          ? "A ClientCredentials client must authenticate with a secret."
          : '"none" is only for public AuthorizationCode clients.',
    });
  }
  return problems;
}

/** clientRules as a zod refinement, its problems at the vocabulary's names. */
export function refineWithClientRules<T>(vocabulary: Vocabulary, pick: (value: T) => ClientRuleInput) {
  return (value: T, ctx: z.RefinementCtx) => {
    for (const problem of clientRules(pick(value))) ctx.addIssue({ code: "custom", path: [nameIn(vocabulary, problem.path)], message: problem.message });
  };
}
