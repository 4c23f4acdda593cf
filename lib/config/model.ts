import type { ClientField, ClientSettings } from "@/lib/clients/model";
import type { ProviderSettings } from "@/lib/providers/schema";
import type { SecretRecord } from "@/lib/secrets/service";

// The one in-memory shape both configuration formats are read into (and written from): the Usercube
// XML (lib/config/usercube-xml.ts) and the whole-portal JSON (lib/config/portal-json.ts). Each entry
// remembers where it came from (`path`) and how its fields are spelled there (`fieldPaths`), so a
// problem found later — by the same zod schemas and rules the forms use — names the element and
// attribute, or the JSON path, the person has to fix.

/** A problem or a warning, at an XPath (`/ConfigurationFile/OpenIdClient[2]/@Profile`) or a JSON path (`clients[1].flow`). */
export type ConfigProblem = { path: string; message: string };

export type ConfigFormat = "usercube-xml" | "portal-json";

/** A secret as it is kept: its hash (never a value) and its metadata (one type, in lib/secrets). */
export type { SecretRecord };

type Located<F extends string> = { path: string; fieldPaths: Partial<Record<F | "_entry", string>> };

export type ProfileEntry = Located<"identifier" | "displayName" | "description" | "secretMaxDays"> & {
  identifier: string;
  displayName: string;
  description: string;
  /** The secret policy; undefined (the XML, or left out of the JSON): the stored one stays. */
  secretMaxDays?: number | null;
};

export type ProfileContextEntry = Located<"id" | "category" | "d0" | "description"> & {
  id: number;
  category: string;
  d0: string;
  /** Undefined: not given (the XML has no description); the stored one stays. */
  description?: string;
};

export type ScopeEntry = Located<"name" | "displayName" | "description" | "enabled" | "secrets"> & {
  name: string;
  displayName: string;
  description: string;
  enabled: boolean;
  secrets: SecretRecord[];
};

/** The client fields an import may set (lib/clients/model.ts); absent ones keep their stored value (or the default, for a new client). */
export type { ClientSettings };

export type ClientEntryField = ClientField | "clientId" | "secrets" | "createdAt";

export type ClientEntry = Located<ClientEntryField> & {
  clientId: string;
  settings: Partial<ClientSettings>;
  /** Only from the JSON: the creation instant, kept so a round trip is lossless. */
  createdAt?: Date;
  secrets: SecretRecord[];
};

export type ProviderEntryRecord = Located<"authenticationMode" | "clientSecret"> & {
  settings: ProviderSettings;
  /** The clear client secret (decrypted from the document with the passphrase); null: keep the stored one. */
  clientSecret: string | null;
};

export type ConfigDocument = {
  format: ConfigFormat;
  profiles: ProfileEntry[];
  profileContexts: ProfileContextEntry[];
  scopes: ScopeEntry[];
  clients: ClientEntry[];
  providers: ProviderEntryRecord[];
};

export type ParseResult = { document: ConfigDocument | null; problems: ConfigProblem[]; warnings: ConfigProblem[] };

/** A base64 SHA-256 (44 characters, ends with =). */
export const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

export function emptyDocument(format: ConfigFormat): ConfigDocument {
  return { format, profiles: [], profileContexts: [], scopes: [], clients: [], providers: [] };
}
