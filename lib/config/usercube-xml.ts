import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { z } from "zod";
import { CLIENT_SETTING_KEYS, CLIENT_MODEL, type ClientField, type ClientSettings } from "@/lib/clients/model";
import { clientFields, clientIdSchema, profileContextIdSchema } from "@/lib/clients/schema";
import { profileContextSchema, profileSchema } from "@/lib/profiles/schema";
import { rfc3339 } from "@/lib/validation/dates";
import { isWeakSecretHash, WEAK_SECRET_MESSAGE } from "@/lib/secrets/weak";
import { emptyDocument, SHA256_BASE64, type ClientEntry, type ConfigProblem, type ParseResult, type ProfileContextEntry } from "./model";

// Usercube's XML configuration for the two elements the portal manages:
//   <ProfileContext Id="-2" Category="…" D0="…" />
//   <OpenIdClient Identifier="Job" HashedSecret="<base64 SHA-256>" DisplayName_L1="…" Profile="Administrator"
//                 ContextId="-2" ExpirationDate="2027-01-31" />
// in any order, either at the top of the document or inside one root element (Usercube's
// <ConfigurationFile>). Every problem is reported at its XPath, e.g.
// /ConfigurationFile/OpenIdClient[2]/@Profile. Pure: no database here (lib/config/service.ts checks
// the references).

/** Larger documents are refused before they are parsed. */
export const MAX_XML_CHARS = 5 * 1024 * 1024;
/** Elements nested deeper than this are refused (the parser's guard; Usercube's files nest two levels). */
const MAX_XML_DEPTH = 100;

export const USERCUBE_NAMESPACE = "urn:schemas-usercube-com:configuration";

const CONTEXT_ATTRIBUTES = ["Id", "Category", "D0"] as const;
/** The settings the XML carries: the attributes the client's declaration names (lib/clients/model.ts). */
const XML_FIELDS = CLIENT_SETTING_KEYS.flatMap((field) => {
  const attribute = CLIENT_MODEL[field].names.xml;
  return attribute ? [{ field, attribute }] : [];
});
const CLIENT_ATTRIBUTES = ["Identifier", "HashedSecret", ...XML_FIELDS.map((x) => x.attribute)];
/** Usercube's other display-name languages: the portal keeps one display name, so these are ignored (with a warning). */
const OTHER_LANGUAGES = /^DisplayName_L[2-8]$/;

type Element = { name: string; attributes: Record<string, string>; path: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  // Decodes &#10; and the like (a display name may hold a line break).
  htmlEntities: true,
  maxNestedTags: MAX_XML_DEPTH,
});

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

function elementsOf(nodes: OrderedNode[], parentPath: string): Element[] {
  const counts = new Map<string, number>();
  const out: Element[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ":@" && !key.startsWith("#") && !key.startsWith("?"));
    if (!name) continue;
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    const attributes = Object.fromEntries(Object.entries(node[":@"] ?? {}).filter(([key]) => key !== "xmlns" && !key.startsWith("xmlns:")));
    out.push({ name, attributes, path: `${parentPath}/${name}[${n}]` });
  }
  return out;
}

/** Reads a date as Usercube writes it: 2027-01-31 or 2027-01-31T12:00:00 (UTC unless an offset is given). */
export function parseUsercubeDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone}`;
  const date = new Date(iso);
  // Reject dates that roll over (2027-02-30).
  if (Number.isNaN(date.getTime()) || (zone === "Z" && date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`)) return null;
  return date;
}

function issuesAt(error: z.ZodError, attributeOf: (field: string) => string, problems: ConfigProblem[]) {
  for (const issue of error.issues) problems.push({ path: attributeOf(String(issue.path[0] ?? "")), message: issue.message });
}

function unknownAttributes(element: Element, known: readonly string[], problems: ConfigProblem[], warnings: ConfigProblem[]) {
  for (const name of Object.keys(element.attributes)) {
    if (known.includes(name)) continue;
    if (element.name === "OpenIdClient" && OTHER_LANGUAGES.test(name)) {
      warnings.push({ path: `${element.path}/@${name}`, message: "Ignored: the portal keeps one display name (DisplayName_L1)." });
    } else {
      problems.push({ path: `${element.path}/@${name}`, message: `Unknown attribute. ${element.name} takes ${known.join(", ")}.` });
    }
  }
}

function readContext(element: Element, problems: ConfigProblem[], warnings: ConfigProblem[]): ProfileContextEntry | null {
  unknownAttributes(element, CONTEXT_ATTRIBUTES, problems, warnings);
  const at = (attribute: string) => `${element.path}/@${attribute}`;
  const a = element.attributes;
  const attributeOf = (field: string) => at(({ id: "Id", category: "Category", d0: "D0" } as Record<string, string>)[field] ?? "Id");
  const required = CONTEXT_ATTRIBUTES.filter((name) => a[name] === undefined);
  for (const name of required) problems.push({ path: at(name), message: `${element.name} needs ${name}.` });
  if (required.length) return null;
  const parsed = profileContextSchema.safeParse({ id: a.Id, category: a.Category, d0: a.D0, description: "" });
  if (!parsed.success) {
    issuesAt(parsed.error, attributeOf, problems);
    return null;
  }
  return {
    path: element.path,
    fieldPaths: { _entry: element.path, id: at("Id"), category: at("Category"), d0: at("D0") },
    id: parsed.data.id,
    category: parsed.data.category,
    d0: parsed.data.d0,
  };
}

function readClient(element: Element, problems: ConfigProblem[], warnings: ConfigProblem[]): ClientEntry | null {
  unknownAttributes(element, CLIENT_ATTRIBUTES, problems, warnings);
  const at = (attribute: string) => `${element.path}/@${attribute}`;
  const a = element.attributes;
  const before = problems.length;
  const entry: ClientEntry = {
    path: element.path,
    fieldPaths: {
      _entry: element.path,
      clientId: at("Identifier"),
      ...Object.fromEntries(XML_FIELDS.map(({ field, attribute }) => [field, at(attribute)])),
      secrets: at("HashedSecret"),
    },
    clientId: "",
    settings: {},
    secrets: [],
  };

  if (a.Identifier === undefined) problems.push({ path: at("Identifier"), message: "OpenIdClient needs Identifier (the client_id)." });
  else {
    const parsed = clientIdSchema.safeParse(a.Identifier);
    if (parsed.success) entry.clientId = parsed.data;
    else for (const issue of parsed.error.issues) problems.push({ path: at("Identifier"), message: issue.message });
  }

  if (a.DisplayName_L1 !== undefined) {
    const parsed = clientFields.shape.displayName.safeParse(a.DisplayName_L1);
    if (parsed.success) entry.settings.displayName = parsed.data;
    else for (const issue of parsed.error.issues) problems.push({ path: at("DisplayName_L1"), message: issue.message });
  }

  if (a.Profile !== undefined) {
    const parsed = profileSchema.shape.identifier.safeParse(a.Profile);
    if (parsed.success) entry.settings.profile = parsed.data;
    else for (const issue of parsed.error.issues) problems.push({ path: at("Profile"), message: issue.message });
  }

  if (a.ContextId !== undefined) {
    if (a.ContextId.trim() === "") entry.settings.profileContextId = null;
    else {
      const parsed = profileContextIdSchema.safeParse(a.ContextId);
      if (parsed.success) entry.settings.profileContextId = parsed.data;
      else for (const issue of parsed.error.issues) problems.push({ path: at("ContextId"), message: issue.message });
    }
  }

  if (a.ExpirationDate !== undefined) {
    if (a.ExpirationDate.trim() === "") entry.settings.expiresAt = null;
    else {
      const date = parseUsercubeDate(a.ExpirationDate);
      if (date) entry.settings.expiresAt = date;
      else problems.push({ path: at("ExpirationDate"), message: `"${a.ExpirationDate}" is not a date (use 2027-01-31 or 2027-01-31T12:00:00Z).` });
    }
  }

  if (a.HashedSecret !== undefined) {
    const hash = a.HashedSecret.trim();
    if (!SHA256_BASE64.test(hash)) {
      problems.push({ path: at("HashedSecret"), message: "HashedSecret must be the base64 SHA-256 of the secret (44 characters ending with =)." });
    } else {
      if (isWeakSecretHash(hash)) warnings.push({ path: at("HashedSecret"), message: WEAK_SECRET_MESSAGE });
      entry.secrets.push({
        hash,
        hint: "",
        description: "Imported from Usercube",
        expiresAt: null,
        createdAt: null,
        createdBy: null,
        revokedAt: null,
        revokedBy: null,
      });
    }
  }
  return problems.length === before ? entry : null;
}

/** What the parser's guards say, in the import's words. */
function parserRefusal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/nested tags/i.test(message)) return `The document nests elements more than ${MAX_XML_DEPTH} levels deep.`;
  const reserved = /Invalid name: "([^"]{1,40})"/.exec(message);
  if (reserved) return `"${reserved[1]}" is not allowed as an element or attribute name.`;
  return `The document could not be read: ${message.slice(0, 200)}`;
}

/** Parses a Usercube XML document; never throws. `document` is null when there is any problem. */
export function parseUsercubeXml(text: string): ParseResult {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const fail = (message: string, path = "(document)"): ParseResult => ({ document: null, problems: [{ path, message }], warnings });

  if (text.length > MAX_XML_CHARS) return fail(`The document is larger than ${MAX_XML_CHARS / 1024 / 1024} MiB.`);
  if (text.trim() === "") return fail("The document is empty.");
  // No DTDs: entity declarations are how XML bombs and external-entity reads work.
  if (/<!DOCTYPE/i.test(text)) return fail("A DOCTYPE is not allowed in an imported document.");
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) return fail(`Not well-formed XML: ${valid.err.msg}`, `line ${valid.err.line}, column ${valid.err.col}`);

  // The parser's own guards throw (nesting deeper than it allows, a name such as __proto__ that
  // could pollute prototypes): a refused document like any other, never a 500.
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (error) {
    return fail(parserRefusal(error));
  }
  const top = elementsOf(nodes, "");
  const managed = (e: Element) => e.name === "OpenIdClient" || e.name === "ProfileContext";
  let elements = top;
  if (!top.some(managed) && top.length === 1) {
    const root = nodes.find((node) => top[0]!.name in node)!;
    elements = elementsOf(root[top[0]!.name] as OrderedNode[], `/${top[0]!.name}`);
  }

  const document = emptyDocument("usercube-xml");
  const contextIds = new Map<number, string>();
  const clientIds = new Map<string, string>();
  for (const element of elements) {
    if (element.name === "ProfileContext") {
      const context = readContext(element, problems, warnings);
      if (!context) continue;
      const first = contextIds.get(context.id);
      if (first) problems.push({ path: `${element.path}/@Id`, message: `Profile context ${context.id} is already declared at ${first}.` });
      else {
        contextIds.set(context.id, element.path);
        document.profileContexts.push(context);
      }
    } else if (element.name === "OpenIdClient") {
      const client = readClient(element, problems, warnings);
      if (!client) continue;
      const first = clientIds.get(client.clientId);
      if (first) problems.push({ path: `${element.path}/@Identifier`, message: `"${client.clientId}" is already declared at ${first}.` });
      else {
        clientIds.set(client.clientId, element.path);
        document.clients.push(client);
      }
    } else {
      warnings.push({ path: element.path, message: `Ignored: the portal imports only ProfileContext and OpenIdClient elements.` });
    }
  }
  if (!document.profileContexts.length && !document.clients.length && !problems.length) {
    problems.push({ path: "(document)", message: "The document holds no ProfileContext or OpenIdClient element." });
  }
  return { document: problems.length ? null : document, problems, warnings };
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

export type UsercubeExport = {
  profileContexts: { id: number; category: string; d0: string }[];
  clients: {
    clientId: string;
    /** The newest active secret's hash; null when the client has none. */
    hashedSecret: string | null;
    settings: ClientSettings;
  }[];
};

/** A setting as its attribute's text; null leaves the attribute out. */
function attributeValue(field: ClientField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (CLIENT_MODEL[field].kind === "instant?") return rfc3339(value as Date);
  return String(value);
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

function element(name: string, attributes: [string, string | null][]): string {
  const parts = attributes.filter((pair): pair is [string, string] => pair[1] !== null).map(([key, value]) => `${key}="${escapeAttribute(value)}"`);
  return `  <${name} ${parts.join(" ")} />`;
}

/** The Usercube document for the portal's profile contexts and clients (contexts first, as Usercube reads them). */
export function serializeUsercubeXml(data: UsercubeExport): string {
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<ConfigurationFile xmlns="${USERCUBE_NAMESPACE}">`,
    ...data.profileContexts.map((c) =>
      element("ProfileContext", [
        ["Id", String(c.id)],
        ["Category", c.category],
        ["D0", c.d0],
      ]),
    ),
    ...data.clients.map((c) =>
      element("OpenIdClient", [
        ["Identifier", c.clientId],
        ["HashedSecret", c.hashedSecret],
        ...XML_FIELDS.map(({ field, attribute }): [string, string | null] => [attribute, attributeValue(field, c.settings[field])]),
      ]),
    ),
    `</ConfigurationFile>`,
  ];
  return `${lines.join("\n")}\n`;
}
