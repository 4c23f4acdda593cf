import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { roleOf } from "@/lib/auth/permissions";
import { assertGrantWithin, clientPower } from "@/lib/auth/power";
import { createClientSchema } from "@/lib/clients/schema";
import type { Tx } from "@/lib/db/client";
import { importProviderDocument } from "@/lib/providers/import";
import { activeConflictMessage, activeProviderConflicts } from "@/lib/providers/rules";
import { settingsToEntry } from "@/lib/providers/document";
import { rowToSettings, type ProviderSettings } from "@/lib/providers/schema";
import { openClientSecret } from "@/lib/providers/secret";
import { AUDITED_FIELDS as PROVIDER_FIELDS } from "@/lib/providers/store";
import { importSecret, type SecretOwner } from "@/lib/secrets/service";
import { isWeakSecretHash } from "@/lib/secrets/weak";
import { IMPORTED_CLIENT_DEFAULTS, type ClientEntry, type ClientSettings, type ConfigDocument, type ConfigFormat, type ConfigProblem, type SecretRecord } from "./model";
import { parsePortalJson, serializePortalJson, type PortalDocument, type PortalSnapshot } from "./portal-json";
import { parseUsercubeXml, serializeUsercubeXml } from "./usercube-xml";

// Configuration as code: import (with a dry run) and export of the Usercube XML and the whole-portal
// JSON. One implementation for the portal's server action and the REST API (/api/v0/import,
// /api/v0/export). An import is planned first — every entry compared with what is stored, every
// problem collected with the same schemas and rules the forms use — and written only when the plan
// has no problem and it is not a dry run; the caller's transaction makes it all-or-nothing, and
// every write is audited in it (never a secret or a hash).

export type PlanAction = "create" | "change" | "unchanged";
export type PlanKind = "profile" | "profileContext" | "scope" | "client" | "provider";
export type FieldChange = { field: string; from: unknown; to: unknown };
export type PlanEntry = { kind: PlanKind; key: string; path: string; action: PlanAction; changes: FieldChange[] };

export type ImportOptions = { format: ConfigFormat; text: string; dryRun: boolean; createMissingProfiles: boolean; passphrase?: string };

export type ImportReport = {
  format: ConfigFormat;
  dryRun: boolean;
  /** True when every entry is valid (an import was, or would be, written). */
  valid: boolean;
  /** True when the changes were written (never for a dry run). */
  applied: boolean;
  entries: PlanEntry[];
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
  summary: Record<PlanAction, number>;
};

/** How a changed value reads in a plan and in the audit log: dates as RFC 3339, lists as lists, nothing as null. */
function shown(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.length ? value : null;
  return value;
}

/** The name a field has in the document the person wrote: DisplayName_L1, display_name… */
function fieldName(fieldPaths: Record<string, string | undefined>, field: string): string {
  const path = fieldPaths[field];
  if (!path) return field;
  const at = path.lastIndexOf("@");
  if (at >= 0) return path.slice(at + 1);
  return path.slice(path.lastIndexOf(".") + 1);
}

function diff(before: Record<string, unknown> | null, after: Record<string, unknown>, fields: readonly string[], fieldPaths: Record<string, string | undefined> = {}): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (!(field in after) || after[field] === undefined) continue;
    const from = before ? shown(before[field]) : null;
    const to = shown(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ field: fieldName(fieldPaths, field), from, to });
  }
  return out;
}

const auditChanges = (changes: FieldChange[]) => Object.fromEntries(changes.map((c) => [c.field, { from: c.from, to: c.to }]));

const CLIENT_FIELDS = [
  "displayName",
  "description",
  "redirectUris",
  "postLogoutRedirectUris",
  "flow",
  "idTokenSignedResponseAlg",
  "tokenEndpointAuthMethod",
  "profile",
  "profileContextId",
  "adminApiRole",
  "expiresAt",
  "enabled",
  "scopes",
] as const;

type StoredSecret = { id: string; hash: string; revokedAt: Date | null };

/** What happens to an owner's secrets: the ones to add (by hash), the ones to mark revoked. */
function secretPlan(stored: StoredSecret[], wanted: SecretRecord[]) {
  const byHash = new Map(stored.map((s) => [s.hash, s]));
  const add = wanted.filter((s) => !byHash.has(s.hash));
  const revoke = wanted.filter((s) => s.revokedAt && byHash.get(s.hash) && !byHash.get(s.hash)!.revokedAt).map((s) => ({ record: s, id: byHash.get(s.hash)!.id }));
  const changes: FieldChange[] = [];
  const describe = (s: SecretRecord) => s.description || (s.hint ? `…${s.hint}` : "imported hash");
  if (add.length) changes.push({ field: "secrets", from: null, to: add.map((s) => `added: ${describe(s)}${s.revokedAt ? " (revoked)" : ""}${isWeakSecretHash(s.hash) ? " (weak)" : ""}`) });
  if (revoke.length) changes.push({ field: "secrets", from: null, to: revoke.map((r) => `revoked: ${describe(r.record)}`) });
  return { add, revoke, changes };
}

export async function importConfiguration(ctx: Pick<ServiceContext, "tx" | "actor" | "audit">, options: ImportOptions): Promise<ImportReport> {
  const { tx, audit } = ctx;
  const parsed = options.format === "usercube-xml" ? parseUsercubeXml(options.text) : parsePortalJson(options.text, { passphrase: options.passphrase });
  const report: ImportReport = {
    format: options.format,
    dryRun: options.dryRun,
    valid: false,
    applied: false,
    entries: [],
    problems: [...parsed.problems],
    warnings: [...parsed.warnings],
    summary: { create: 0, change: 0, unchanged: 0 },
  };
  if (!parsed.document) return report;
  const plan = await planImport(tx, parsed.document, options, report);
  report.valid = report.problems.length === 0;
  for (const entry of report.entries) report.summary[entry.action] += 1;
  if (!report.valid || options.dryRun) return report;
  await applyPlan(ctx, plan);
  await audit({
    action: "config.imported",
    target: { type: "config", id: options.format, label: options.format === "usercube-xml" ? "Usercube XML" : "Portal JSON" },
    changes: { ...report.summary, warnings: report.warnings.length },
  });
  report.applied = true;
  return report;
}

type Plan = Awaited<ReturnType<typeof planImport>>;

async function planImport(tx: Tx, document: ConfigDocument, options: ImportOptions, report: ImportReport) {
  const problem = (path: string | undefined, message: string) => report.problems.push({ path: path ?? "(document)", message });
  const entry = (e: PlanEntry) => {
    report.entries.push(e);
    return e;
  };

  // ── Profiles ──
  const storedProfiles = new Map((await tx.profile.findMany({ select: { id: true, identifier: true, displayName: true, description: true } })).map((p) => [p.identifier, p]));
  const profiles = document.profiles.map((p) => {
    const before = storedProfiles.get(p.identifier) ?? null;
    const changes = diff(before, p, ["identifier", "displayName", "description"].slice(before ? 1 : 0), {});
    return { record: p, before, plan: entry({ kind: "profile", key: p.identifier, path: p.path, action: !before ? "create" : changes.length ? "change" : "unchanged", changes }) };
  });
  const knownProfiles = new Set([...storedProfiles.keys(), ...document.profiles.map((p) => p.identifier)]);
  const missingProfiles: string[] = [];
  for (const client of document.clients) {
    const identifier = client.settings.profile;
    if (identifier === undefined || knownProfiles.has(identifier) || missingProfiles.includes(identifier)) continue;
    if (options.createMissingProfiles) missingProfiles.push(identifier);
    else problem(client.fieldPaths.profile, `The profile "${identifier}" does not exist. Create it first, or choose "create missing profiles".`);
  }
  for (const identifier of missingProfiles) {
    const record = { identifier, displayName: identifier, description: "Created by an import", path: "(missing profile)", fieldPaths: {} };
    profiles.push({ record, before: null, plan: entry({ kind: "profile", key: identifier, path: record.path, action: "create", changes: diff(null, record, ["identifier", "displayName", "description"]) }) });
  }

  // ── Profile contexts ──
  const storedContexts = await tx.profileContext.findMany({ select: { id: true, category: true, d0: true, description: true } });
  const contextById = new Map(storedContexts.map((c) => [c.id, c]));
  const contexts = document.profileContexts.map((c) => {
    const before = contextById.get(c.id) ?? null;
    const clash = storedContexts.find((s) => s.id !== c.id && s.category === c.category && s.d0 === c.d0 && !document.profileContexts.some((d) => d.id === s.id));
    if (clash) problem(c.fieldPaths.d0 ?? c.fieldPaths.category ?? c.path, `Profile context ${clash.id} already has category "${c.category}" and D0 "${c.d0}".`);
    const changes = diff(before, c, before ? ["category", "d0", "description"] : ["id", "category", "d0", "description"], c.fieldPaths);
    return { record: c, before, plan: entry({ kind: "profileContext", key: String(c.id), path: c.path, action: !before ? "create" : changes.length ? "change" : "unchanged", changes }) };
  });
  const knownContexts = new Set([...contextById.keys(), ...document.profileContexts.map((c) => c.id)]);

  // ── Scopes ──
  const storedScopes = new Map(
    (await tx.scope.findMany({ select: { id: true, name: true, displayName: true, description: true, enabled: true, secrets: { select: { id: true, hash: true, revokedAt: true } } } })).map(
      (s) => [s.name, s],
    ),
  );
  const scopes = document.scopes.map((s) => {
    const before = storedScopes.get(s.name) ?? null;
    const secrets = secretPlan(before?.secrets ?? [], s.secrets);
    const changes = [...diff(before, s, before ? ["displayName", "description", "enabled"] : ["name", "displayName", "description", "enabled"], s.fieldPaths), ...secrets.changes];
    return { record: s, before, secrets, plan: entry({ kind: "scope", key: s.name, path: s.path, action: !before ? "create" : changes.length ? "change" : "unchanged", changes }) };
  });
  const knownScopes = new Set([...storedScopes.keys(), ...document.scopes.map((s) => s.name)]);

  // ── Clients ──
  const storedClients = new Map(
    (
      await tx.client.findMany({
        where: { clientId: { in: document.clients.map((c) => c.clientId) } },
        include: { profile: { select: { identifier: true } }, scopes: { select: { scope: { select: { name: true } } } }, secrets: { select: { id: true, hash: true, revokedAt: true } } },
      })
    ).map((c) => [c.clientId, c]),
  );
  const clients = document.clients.flatMap((c) => {
    const row = storedClients.get(c.clientId);
    const before: ClientSettings | null = row
      ? {
          displayName: row.displayName,
          description: row.description,
          redirectUris: row.redirectUris as string[],
          postLogoutRedirectUris: row.postLogoutRedirectUris as string[],
          flow: row.flow as ClientSettings["flow"],
          idTokenSignedResponseAlg: row.idTokenSignedResponseAlg as ClientSettings["idTokenSignedResponseAlg"],
          tokenEndpointAuthMethod: row.tokenEndpointAuthMethod as ClientSettings["tokenEndpointAuthMethod"],
          profile: row.profile.identifier,
          profileContextId: row.profileContextId,
          adminApiRole: row.adminApiRole === null ? null : roleOf(row.adminApiRole),
          expiresAt: row.expiresAt,
          enabled: row.enabled,
          scopes: row.scopes.map((s) => s.scope.name).sort(),
        }
      : null;
    const ok = checkClient(c, before, { knownProfiles: new Set([...knownProfiles, ...missingProfiles]), knownContexts, knownScopes }, problem);
    if (!ok) return [];
    const settings = ok;
    const secrets = secretPlan(row?.secrets ?? [], c.secrets);
    const changes = [...diff(before, { ...settings, scopes: [...settings.scopes].sort() }, CLIENT_FIELDS, c.fieldPaths), ...secrets.changes];
    return [{ record: c, row, settings, secrets, plan: entry({ kind: "client", key: c.clientId, path: c.path, action: !row ? "create" : changes.length ? "change" : "unchanged", changes }) }];
  });

  // ── Identity providers ──
  const storedProviders = await tx.identityProvider.findMany({ orderBy: { createdAt: "asc" } });
  const providerByName = new Map(storedProviders.map((p) => [p.providerName, p]));
  const named = new Set(document.providers.map((p) => p.settings.providerName));
  const finalState = [
    ...storedProviders.filter((row) => !named.has(row.providerName)).map((row) => ({ ...rowToSettings(row), path: null as string | null })),
    ...document.providers.map((p) => ({ ...p.settings, path: p.fieldPaths.authenticationMode ?? p.path })),
  ];
  for (const { provider, current } of activeProviderConflicts(finalState)) if (provider.path) problem(provider.path, activeConflictMessage(current));
  const providers = document.providers.map((p) => {
    const row = providerByName.get(p.settings.providerName);
    const before = row ? rowToSettings(row) : null;
    const changes = diff(before as Record<string, unknown> | null, p.settings, PROVIDER_FIELDS, {});
    if (p.clientSecret) changes.push({ field: "client_secret", from: row?.clientSecretEncrypted ? "set" : null, to: row?.clientSecretEncrypted ? "replaced" : "set" });
    return { record: p, plan: entry({ kind: "provider", key: p.settings.providerName, path: p.path, action: !row ? "create" : changes.length ? "change" : "unchanged", changes }) };
  });

  return { profiles, contexts, scopes, clients, providers };
}

/**
 * A client's settings after the import (the stored ones, or the defaults of a new client, overlaid
 * with the document's), checked with the create-client form's schema and its references; null (and
 * problems at the document's names) when it is not valid.
 */
function checkClient(
  entry: ClientEntry,
  before: ClientSettings | null,
  known: { knownProfiles: Set<string>; knownContexts: Set<number>; knownScopes: Set<string> },
  problem: (path: string | undefined, message: string) => void,
): ClientSettings | null {
  const at = (field: string) => entry.fieldPaths[field as keyof typeof entry.fieldPaths] ?? entry.path;
  let ok = true;
  if (!before) {
    if (entry.settings.displayName === undefined) {
      ok = false;
      problem(at("displayName"), "A new client needs a display name.");
    }
    if (entry.settings.profile === undefined) {
      ok = false;
      problem(at("profile"), "A new client needs a profile.");
    }
  }
  if (!ok) return null;
  const settings: ClientSettings = { ...IMPORTED_CLIENT_DEFAULTS, ...(before ?? {}), ...(entry.settings as ClientSettings) };
  // THE client rules: the create-client form's schema (field rules and cross-field rules).
  const parsed = createClientSchema.safeParse({
    clientId: entry.clientId,
    displayName: settings.displayName,
    description: settings.description,
    redirectUris: settings.redirectUris.join("\n"),
    postLogoutRedirectUris: settings.postLogoutRedirectUris.join("\n"),
    flow: settings.flow,
    idTokenSignedResponseAlg: settings.idTokenSignedResponseAlg,
    tokenEndpointAuthMethod: settings.tokenEndpointAuthMethod,
    profileId: settings.profile,
    profileContextId: settings.profileContextId,
    adminApiRole: settings.adminApiRole,
    expiresAt: settings.expiresAt ? settings.expiresAt.toISOString() : null,
    enabled: settings.enabled,
    scopeIds: [],
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      problem(at(field === "profileId" ? "profile" : field), issue.message);
    }
    ok = false;
  }
  if (!known.knownProfiles.has(settings.profile) && entry.settings.profile === undefined) {
    ok = false;
    problem(at("profile"), `The profile "${settings.profile}" does not exist.`);
  }
  if (settings.profileContextId !== null && !known.knownContexts.has(settings.profileContextId)) {
    ok = false;
    problem(at("profileContextId"), `The profile context ${settings.profileContextId} does not exist. Declare it in the document (a ProfileContext element) or create it first.`);
  }
  const unknownScopes = settings.scopes.filter((s) => !known.knownScopes.has(s));
  if (unknownScopes.length) {
    ok = false;
    problem(at("scopes"), `Unknown scope${unknownScopes.length > 1 ? "s" : ""}: ${unknownScopes.join(", ")}.`);
  }
  if (settings.tokenEndpointAuthMethod === "none" && entry.secrets.length) {
    ok = false;
    problem(at("secrets"), "A public client (token_endpoint_auth_method none) holds no secrets.");
  }
  return ok ? settings : null;
}

async function applyPlan(ctx: Pick<ServiceContext, "tx" | "actor" | "audit">, plan: Plan) {
  const { tx, audit } = ctx;

  for (const { record, before, plan: p } of plan.profiles) {
    if (p.action === "unchanged") continue;
    const data = { displayName: record.displayName, description: record.description };
    const row = before
      ? await tx.profile.update({ where: { id: before.id }, data, select: { id: true } })
      : await tx.profile.create({ data: { identifier: record.identifier, ...data }, select: { id: true } });
    await audit({ action: "profile.imported", target: { type: "profile", id: row.id, label: record.identifier }, changes: { result: p.action === "create" ? "created" : "updated", ...auditChanges(p.changes) } });
  }
  const profileIds = new Map((await tx.profile.findMany({ select: { id: true, identifier: true } })).map((p) => [p.identifier, p.id]));

  for (const { record, before, plan: p } of plan.contexts) {
    if (p.action === "unchanged") continue;
    const data = { category: record.category, d0: record.d0, ...(record.description !== undefined ? { description: record.description } : {}) };
    if (before) await tx.profileContext.update({ where: { id: record.id }, data });
    else await tx.profileContext.create({ data: { id: record.id, ...data } });
    await audit({ action: "profileContext.imported", target: { type: "profileContext", id: String(record.id), label: `${record.category} / ${record.d0}` }, changes: { result: p.action === "create" ? "created" : "updated", ...auditChanges(p.changes.filter((c) => c.field !== "secrets")) } });
  }

  for (const { record, before, secrets, plan: p } of plan.scopes) {
    if (p.action === "unchanged") continue;
    const data = { displayName: record.displayName, description: record.description, enabled: record.enabled };
    const row = before ? await tx.scope.update({ where: { id: before.id }, data, select: { id: true } }) : await tx.scope.create({ data: { name: record.name, ...data }, select: { id: true } });
    await audit({ action: "scope.imported", target: { type: "scope", id: row.id, label: record.name }, changes: { result: p.action === "create" ? "created" : "updated", ...auditChanges(p.changes.filter((c) => c.field !== "secrets")) } });
    await applySecrets(ctx, { kind: "scope", id: row.id, label: record.name }, secrets);
  }
  const scopeIds = new Map((await tx.scope.findMany({ select: { id: true, name: true } })).map((s) => [s.name, s.id]));

  for (const { record, row, settings, secrets, plan: p } of plan.clients) {
    if (p.action === "unchanged") continue;
    const { profile, scopes, ...columns } = settings;
    const data = { ...columns, profileId: profileIds.get(profile)! };
    // The same rule as the client service: no client beyond the importer's own power, before or after.
    if (row) await assertGrantWithin(ctx, clientPower(row), `The client "${record.clientId}" holds`);
    await assertGrantWithin(ctx, clientPower(data), `The client "${record.clientId}" would hold`);
    let id: string;
    if (row) {
      await tx.client.update({ where: { id: row.id }, data: { ...data, version: { increment: 1 } } });
      await tx.clientScope.deleteMany({ where: { clientInternalId: row.id } });
      id = row.id;
    } else {
      id = (await tx.client.create({ data: { clientId: record.clientId, ...data, ...(record.createdAt ? { createdAt: record.createdAt } : {}) }, select: { id: true } })).id;
    }
    await tx.clientScope.createMany({ data: scopes.map((name) => ({ clientInternalId: id, scopeId: scopeIds.get(name)! })) });
    await audit({ action: "client.imported", target: { type: "client", id, label: record.clientId }, changes: { result: p.action === "create" ? "created" : "updated", ...auditChanges(p.changes.filter((c) => c.field !== "secrets")) } });
    await applySecrets(ctx, { kind: "client", id, label: record.clientId }, secrets);
  }

  if (plan.providers.some((p) => p.plan.action !== "unchanged")) {
    // The provider importer (lib/providers/import.ts) writes them: the same rules and audit as the provider page's import.
    const entries = plan.providers.filter((p) => p.plan.action !== "unchanged").map((p) => settingsToEntry(p.record.settings, p.record.clientSecret));
    await importProviderDocument(ctx, JSON.stringify({ open_id_connect: entries }));
  }
}

async function applySecrets(ctx: Pick<ServiceContext, "tx" | "actor" | "audit">, owner: SecretOwner, plan: ReturnType<typeof secretPlan>) {
  const { tx, actor, audit } = ctx;
  for (const record of plan.add) await importSecret(ctx, owner, record);
  for (const { id, record } of plan.revoke) {
    await tx.secret.update({ where: { id }, data: { revokedAt: record.revokedAt, revokedBy: record.revokedBy ?? actor.label } });
    await audit({ action: "secret.revoked", target: { type: owner.kind, id: owner.id, label: owner.label }, changes: { secretId: id, by: "import" } });
  }
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

const secretColumns = { hash: true, hint: true, description: true, expiresAt: true, createdAt: true, createdBy: true, revokedAt: true, revokedBy: true } as const;

/** The whole portal as a snapshot; provider client secrets decrypted only when `includeProviderSecrets`. */
export async function loadPortalSnapshot(tx: Tx, { includeProviderSecrets }: { includeProviderSecrets: boolean }): Promise<PortalSnapshot> {
  const [profiles, contexts, scopes, clients, providers] = await Promise.all([
    tx.profile.findMany({ select: { identifier: true, displayName: true, description: true } }),
    tx.profileContext.findMany({ select: { id: true, category: true, d0: true, description: true } }),
    tx.scope.findMany({ select: { name: true, displayName: true, description: true, enabled: true, secrets: { select: secretColumns, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } }),
    tx.client.findMany({
      include: { profile: { select: { identifier: true } }, scopes: { select: { scope: { select: { name: true } } } }, secrets: { select: secretColumns, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    }),
    tx.identityProvider.findMany({ omit: { clientSecretEncrypted: !includeProviderSecrets } }),
  ]);
  return {
    profiles,
    profileContexts: contexts,
    scopes,
    clients: clients.map((c) => ({
      clientId: c.clientId,
      createdAt: c.createdAt,
      secrets: c.secrets,
      settings: {
        displayName: c.displayName,
        description: c.description,
        redirectUris: c.redirectUris as string[],
        postLogoutRedirectUris: c.postLogoutRedirectUris as string[],
        flow: c.flow as ClientSettings["flow"],
        idTokenSignedResponseAlg: c.idTokenSignedResponseAlg as ClientSettings["idTokenSignedResponseAlg"],
        tokenEndpointAuthMethod: c.tokenEndpointAuthMethod as ClientSettings["tokenEndpointAuthMethod"],
        profile: c.profile.identifier,
        profileContextId: c.profileContextId,
        adminApiRole: c.adminApiRole === null ? null : roleOf(c.adminApiRole),
        expiresAt: c.expiresAt,
        enabled: c.enabled,
        scopes: c.scopes.map((s) => s.scope.name),
      },
    })),
    providers: providers.map((row) => {
      const envelope = "clientSecretEncrypted" in row ? (row.clientSecretEncrypted as string | null) : null;
      return { settings: rowToSettings(row) as ProviderSettings, clientSecret: includeProviderSecrets && envelope ? openClientSecret(row.id, envelope) : null };
    }),
  };
}

export type ExportOptions = { format: ConfigFormat; includeProviderSecrets: boolean; passphrase?: string };

/**
 * Exports the portal and audits it (config.exported, saying whether provider secrets were included).
 * The JSON needs a passphrase to include provider secrets; the XML never holds them.
 */
export async function exportConfiguration({ tx, audit }: Pick<ServiceContext, "tx" | "audit">, options: ExportOptions): Promise<{ body: string; contentType: string; filename: string }> {
  const withSecrets = options.format === "portal-json" && options.includeProviderSecrets;
  if (withSecrets && !options.passphrase) throw new Error("A passphrase is needed to include provider secrets.");
  const snapshot = await loadPortalSnapshot(tx, { includeProviderSecrets: withSecrets });
  await audit({
    action: "config.exported",
    target: { type: "config", id: options.format, label: options.format === "usercube-xml" ? "Usercube XML" : "Portal JSON" },
    changes: { clients: snapshot.clients.length, providerSecrets: withSecrets ? "included (passphrase)" : "not included" },
  });
  if (options.format === "usercube-xml") {
    return { body: serializeUsercubeXml(usercubeOf(snapshot)), contentType: "application/xml; charset=utf-8", filename: "usercube-openid-clients.xml" };
  }
  const document: PortalDocument = serializePortalJson(snapshot, withSecrets ? { passphrase: options.passphrase } : {});
  return { body: `${JSON.stringify(document, null, 2)}\n`, contentType: "application/json; charset=utf-8", filename: "portal-configuration.json" };
}

/** The XML holds what Usercube knows of a client: its newest active secret's hash, name, profile, context and expiry. */
function usercubeOf(snapshot: PortalSnapshot) {
  const now = Date.now();
  return {
    profileContexts: [...snapshot.profileContexts].sort((a, b) => b.id - a.id),
    clients: [...snapshot.clients]
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1))
      .map((c) => {
        const active = c.secrets.filter((s) => !s.revokedAt && (!s.expiresAt || s.expiresAt.getTime() > now));
        return {
          clientId: c.clientId,
          hashedSecret: active.at(-1)?.hash ?? null,
          displayName: c.settings.displayName,
          profile: c.settings.profile,
          profileContextId: c.settings.profileContextId,
          expiresAt: c.settings.expiresAt,
        };
      }),
  };
}
