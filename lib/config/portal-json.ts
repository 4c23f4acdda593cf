import "server-only";
import { z } from "zod";
import {
  CLIENT_SETTING_KEYS,
  CLIENT_MODEL,
  nameIn,
  refineWithClientRules,
  settingsToWire,
  wireShape,
  wireToSettings,
  type ClientSettings,
  type WireSettings,
} from "@/lib/clients/model";
import { clientIdSchema, profileContextIdSchema } from "@/lib/clients/schema";
import type { ClientFlow, TokenEndpointAuthMethod } from "@/lib/clients/vocabulary";
import { profileContextSchema, profileSchema } from "@/lib/profiles/schema";
import { documentProblems, entryToSettings, formatIssuePath, providerEntrySchema, settingsToEntry, type ExportedProviderEntry } from "@/lib/providers/document";
import type { ProviderSettings } from "@/lib/providers/schema";
import { scopeNameSchema, scopeSchema } from "@/lib/scopes/schema";
import { isWeakSecretHash, WEAK_SECRET_MESSAGE } from "@/lib/secrets/weak";
import { unstorableTextIn } from "@/lib/validation/unstorable-text";
import { emptyDocument, SHA256_BASE64, type ConfigProblem, type ParseResult, type SecretRecord } from "./model";
import { boxOf, newPassphraseBox, WrongPassphraseError, type PassphraseBox } from "./passphrase";

// The whole portal as one JSON document: profiles, profile contexts, scopes (with their secret
// hashes), clients (with their secret hashes and metadata) and identity providers (their client
// secrets only when asked, sealed with a passphrase). Field rules are the forms' own schemas; every
// problem is reported at its JSON path (`clients[2].redirect_uris[1]`). Export → import into an
// empty database → export gives the same document (lib/config/service.test.ts).

export const PORTAL_FORMAT = "oidc-admin-portal";
export const PORTAL_FORMAT_VERSION = 1;
/** Larger documents are refused before they are parsed. */
export const MAX_JSON_CHARS = 20 * 1024 * 1024;

const instant = z.iso.datetime({ offset: true, message: "Use an RFC 3339 date-time, e.g. 2027-01-31T12:00:00Z." }).transform((v) => new Date(v));
const optionalInstant = instant.nullable().default(null);
const actorLabel = z.string().trim().min(1).max(320);

const secretJson = z.strictObject({
  hash: z.string().regex(SHA256_BASE64, "Use the base64 SHA-256 of the secret (44 characters ending with =)."),
  hint: z.string().max(8, "Use at most 8 characters.").default(""),
  description: z.string().trim().max(200, "Use at most 200 characters.").default(""),
  expires_at: optionalInstant,
  created_at: instant.optional(),
  created_by: actorLabel.optional(),
  revoked_at: optionalInstant,
  revoked_by: actorLabel.nullable().default(null),
});

const profileJson = z.strictObject({
  identifier: profileSchema.shape.identifier,
  display_name: profileSchema.shape.displayName,
  description: profileSchema.shape.description.default(""),
  /** The secret policy (lib/secrets/policy.ts): days, or null for no limit; left out, the stored one stays. */
  secret_max_days: profileSchema.shape.secretMaxDays,
});

const contextJson = z.strictObject({
  id: profileContextIdSchema.pipe(z.number()),
  category: profileContextSchema.shape.category,
  d0: profileContextSchema.shape.d0,
  description: profileContextSchema.shape.description.default(""),
});

const scopeJson = z.strictObject({
  name: scopeNameSchema,
  display_name: scopeSchema.shape.displayName,
  description: scopeSchema.shape.description.default(""),
  enabled: z.boolean().default(true),
  secrets: z.array(secretJson).max(100).default([]),
});

/** A client: its one declaration's JSON names (lib/clients/model.ts), with the form's rules. */
const clientJson = z
  .strictObject({
    client_id: clientIdSchema,
    ...wireShape("json"),
    // A document says how the client authenticates: no default for these two.
    flow: CLIENT_MODEL.flow.wire,
    token_endpoint_auth_method: CLIENT_MODEL.tokenEndpointAuthMethod.wire,
    created_at: instant.optional(),
    secrets: z.array(secretJson).max(100).default([]),
  })
  .superRefine(
    refineWithClientRules("json", (client: { flow: ClientFlow; token_endpoint_auth_method: TokenEndpointAuthMethod; redirect_uris: string[] }) => ({
      flow: client.flow,
      tokenEndpointAuthMethod: client.token_endpoint_auth_method,
      redirectUris: client.redirect_uris,
    })),
  );

const passphraseParameters = z.strictObject({
  kdf: z.literal("scrypt"),
  salt: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  n: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  cipher: z.literal("aes-256-gcm"),
});

const uniqueBy =
  <T>(key: (item: T) => unknown, what: string) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<unknown, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const first = seen.get(k);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [index], message: `${what} ${JSON.stringify(k)} is already at [${first}].` });
      else seen.set(k, index);
    });
  };

const portalJson = z.strictObject({
  format: z.literal(PORTAL_FORMAT, { message: `This is not a portal export (format must be "${PORTAL_FORMAT}").` }),
  version: z.literal(PORTAL_FORMAT_VERSION, { message: `Only version ${PORTAL_FORMAT_VERSION} of the format is known.` }),
  secrets_encryption: passphraseParameters.optional(),
  profiles: z
    .array(profileJson)
    .max(1000)
    .default([])
    .superRefine(uniqueBy((p) => p.identifier, "Profile")),
  profile_contexts: z
    .array(contextJson)
    .max(10_000)
    .default([])
    .superRefine(uniqueBy((c) => c.id, "Profile context")),
  scopes: z
    .array(scopeJson)
    .max(10_000)
    .default([])
    .superRefine(uniqueBy((s) => s.name, "Scope")),
  clients: z
    .array(clientJson)
    .max(100_000)
    .default([])
    .superRefine(uniqueBy((c) => c.client_id, "Client")),
  /** The Content Hub `open_id_connect` entries, plus `client_secret_encrypted` (see below). */
  identity_providers: z.array(z.record(z.string(), z.unknown())).max(200).default([]),
});

export type PortalDocument = {
  format: typeof PORTAL_FORMAT;
  version: typeof PORTAL_FORMAT_VERSION;
  secrets_encryption?: z.output<typeof passphraseParameters>;
  profiles: { identifier: string; display_name: string; description: string; secret_max_days?: number | null }[];
  profile_contexts: { id: number; category: string; d0: string; description: string }[];
  scopes: { name: string; display_name: string; description: string; enabled: boolean; secrets: SecretJson[] }[];
  clients: ClientJson[];
  identity_providers: (ExportedProviderEntry & { client_secret_encrypted?: string })[];
};

type SecretJson = {
  hash: string;
  hint: string;
  description: string;
  expires_at: string | null;
  created_at?: string;
  created_by?: string;
  revoked_at: string | null;
  revoked_by: string | null;
};

type ClientJson = { client_id: string } & WireSettings<"json"> & { created_at?: string; secrets: SecretJson[] };

const providerAad = (providerName: string) => `portal-export:identity-provider:${providerName}:client_secret`;

function toSecretRecord(s: z.output<typeof secretJson>): SecretRecord {
  return {
    hash: s.hash,
    hint: s.hint,
    description: s.description,
    expiresAt: s.expires_at,
    createdAt: s.created_at ?? null,
    createdBy: s.created_by ?? null,
    revokedAt: s.revoked_at,
    revokedBy: s.revoked_by,
  };
}

function weakSecretWarnings(secrets: SecretRecord[], path: string, warnings: ConfigProblem[]) {
  secrets.forEach((s, i) => {
    if (!s.revokedAt && isWeakSecretHash(s.hash)) warnings.push({ path: `${path}.secrets[${i}].hash`, message: WEAK_SECRET_MESSAGE });
  });
}

/**
 * Parses a whole-portal JSON document; never throws. `passphrase` opens the providers'
 * `client_secret_encrypted` values (without it, a document that holds some is refused).
 */
export function parsePortalJson(text: string, { passphrase }: { passphrase?: string } = {}): ParseResult {
  const fail = (message: string, path = "(document)"): ParseResult => ({ document: null, problems: [{ path, message }], warnings: [] });
  if (text.length > MAX_JSON_CHARS) return fail(`The document is larger than ${MAX_JSON_CHARS / 1024 / 1024} MiB.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`This is not valid JSON (${error instanceof Error ? error.message : "parse error"}).`);
  }
  // NUL and lone surrogates, as the API and the forms refuse them (lib/validation/unstorable-text.ts).
  const unstorable = unstorableTextIn(raw);
  if (unstorable.length) {
    return { document: null, problems: unstorable.map(({ path, message }) => ({ path: formatIssuePath(path) || "(document)", message })), warnings: [] };
  }
  const parsed = portalJson.safeParse(raw);
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const [path, messages] of Object.entries(documentProblems(parsed.error))) for (const message of messages) problems.push({ path, message });
  }

  // Providers: the Content Hub entry schema (lib/providers/schema.ts), with the sealed secret taken out first.
  const rawProviders = parsed.success ? parsed.data.identity_providers : [];
  let box: PassphraseBox | null = null;
  const sealed = rawProviders.some((p) => p.client_secret_encrypted !== undefined);
  if (parsed.success && sealed) {
    if (!parsed.data.secrets_encryption)
      problems.push({ path: "secrets_encryption", message: "The document holds encrypted secrets but not how they were encrypted." });
    else if (!passphrase)
      problems.push({
        path: "secrets_encryption",
        message: "The document holds encrypted identity-provider secrets: enter the passphrase it was exported with.",
      });
    else box = boxOf(passphrase, parsed.data.secrets_encryption);
  }
  const providers = rawProviders.flatMap((entry, index) => {
    const { client_secret_encrypted: envelope, ...rest } = entry;
    const path = `identity_providers[${index}]`;
    const result = providerEntrySchema.safeParse(rest);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ path: `${path}.${formatIssuePath(issue.path)}`, message: issue.message });
      return [];
    }
    const { settings, clientSecret } = entryToSettings(result.data);
    let secret = clientSecret;
    if (envelope !== undefined) {
      if (typeof envelope !== "string") problems.push({ path: `${path}.client_secret_encrypted`, message: "Must be a string." });
      else if (box) {
        try {
          secret = box.open(envelope, providerAad(settings.providerName));
        } catch (error) {
          if (!(error instanceof WrongPassphraseError)) throw error;
          problems.push({ path: `${path}.client_secret_encrypted`, message: error.message });
        }
      }
    }
    return [
      {
        path,
        fieldPaths: { _entry: path, authenticationMode: `${path}.authentication_mode`, clientSecret: `${path}.client_secret_encrypted` },
        settings,
        clientSecret: secret,
      },
    ];
  });
  const names = new Map<string, number>();
  providers.forEach((p, i) => {
    const first = names.get(p.settings.providerName);
    if (first !== undefined)
      problems.push({ path: `${p.path}.provider_name`, message: `"${p.settings.providerName}" is already at identity_providers[${first}].` });
    else names.set(p.settings.providerName, i);
  });

  if (!parsed.success || problems.length) return { document: null, problems, warnings };
  const data = parsed.data;
  const document = emptyDocument("portal-json");
  document.profiles = data.profiles.map((p, i) => {
    const path = `profiles[${i}]`;
    return {
      path,
      fieldPaths: { _entry: path, identifier: `${path}.identifier`, secretMaxDays: `${path}.secret_max_days` },
      identifier: p.identifier,
      displayName: p.display_name,
      description: p.description,
      secretMaxDays: p.secret_max_days,
    };
  });
  document.profileContexts = data.profile_contexts.map((c, i) => {
    const path = `profile_contexts[${i}]`;
    return { path, fieldPaths: { _entry: path, id: `${path}.id` }, id: c.id, category: c.category, d0: c.d0, description: c.description };
  });
  document.scopes = data.scopes.map((s, i) => {
    const path = `scopes[${i}]`;
    const secrets = s.secrets.map(toSecretRecord);
    weakSecretWarnings(secrets, path, warnings);
    return {
      path,
      fieldPaths: { _entry: path, name: `${path}.name` },
      name: s.name,
      displayName: s.display_name,
      description: s.description,
      enabled: s.enabled,
      secrets,
    };
  });
  document.clients = data.clients.map((c, i) => {
    const path = `clients[${i}]`;
    const secrets = c.secrets.map(toSecretRecord);
    weakSecretWarnings(secrets, path, warnings);
    const { client_id, created_at, secrets: _secrets, ...values } = c;
    const fieldPaths = Object.fromEntries(
      [...CLIENT_SETTING_KEYS.map((k) => [k, nameIn("json", k)]), ["clientId", "client_id"], ["secrets", "secrets"], ["createdAt", "created_at"]].map(
        ([field, name]) => [field, `${path}.${name}`],
      ),
    );
    return {
      path,
      fieldPaths: { _entry: path, ...fieldPaths },
      clientId: client_id,
      settings: wireToSettings("json", values) as ClientSettings,
      createdAt: created_at,
      secrets,
    };
  });
  document.providers = providers;
  return { document, problems, warnings };
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

export type PortalSnapshot = {
  profiles: { identifier: string; displayName: string; description: string; secretMaxDays: number | null }[];
  profileContexts: { id: number; category: string; d0: string; description: string }[];
  scopes: { name: string; displayName: string; description: string; enabled: boolean; secrets: SecretRecord[] }[];
  clients: { clientId: string; settings: ClientSettings; createdAt: Date; secrets: SecretRecord[] }[];
  providers: { settings: ProviderSettings; clientSecret: string | null }[];
};

function secretToJson(s: SecretRecord): SecretJson {
  return {
    hash: s.hash,
    hint: s.hint,
    description: s.description,
    expires_at: s.expiresAt ? s.expiresAt.toISOString() : null,
    ...(s.createdAt ? { created_at: s.createdAt.toISOString() } : {}),
    ...(s.createdBy ? { created_by: s.createdBy } : {}),
    revoked_at: s.revokedAt ? s.revokedAt.toISOString() : null,
    revoked_by: s.revokedBy,
  };
}

const byKey =
  <T>(key: (item: T) => string | number) =>
  (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/**
 * The document for a snapshot, in a stable order (so two exports of the same state are equal). With
 * `passphrase`, the providers' client secrets are sealed into `client_secret_encrypted`; without it,
 * they are left out.
 */
export function serializePortalJson(snapshot: PortalSnapshot, { passphrase }: { passphrase?: string } = {}): PortalDocument {
  const box = passphrase ? newPassphraseBox(passphrase) : null;
  return {
    format: PORTAL_FORMAT,
    version: PORTAL_FORMAT_VERSION,
    ...(box ? { secrets_encryption: box.parameters } : {}),
    profiles: [...snapshot.profiles]
      .sort(byKey((p) => p.identifier))
      .map((p) => ({ identifier: p.identifier, display_name: p.displayName, description: p.description, secret_max_days: p.secretMaxDays })),
    profile_contexts: [...snapshot.profileContexts]
      .sort((a, b) => b.id - a.id)
      .map((c) => ({ id: c.id, category: c.category, d0: c.d0, description: c.description })),
    scopes: [...snapshot.scopes].sort(byKey((s) => s.name)).map((s) => ({
      name: s.name,
      display_name: s.displayName,
      description: s.description,
      enabled: s.enabled,
      secrets: s.secrets.map(secretToJson),
    })),
    clients: [...snapshot.clients].sort(byKey((c) => c.clientId)).map((c) => ({
      client_id: c.clientId,
      ...settingsToWire("json", c.settings),
      created_at: c.createdAt.toISOString(),
      secrets: c.secrets.map(secretToJson),
    })),
    identity_providers: [...snapshot.providers].sort(byKey((p) => p.settings.providerName)).map((p) => ({
      ...settingsToEntry(p.settings, null),
      ...(box && p.clientSecret ? { client_secret_encrypted: box.seal(p.clientSecret, providerAad(p.settings.providerName)) } : {}),
    })),
  };
}
