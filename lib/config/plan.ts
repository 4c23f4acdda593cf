import "server-only";
import { CLIENT_DEFAULTS, clientRules, diffSettings, rowToSettings as clientRowToSettings, type ClientSettings } from "@/lib/clients/model";
import type { Tx } from "@/lib/db/client";
import { activeConflictMessage, activeProviderConflicts } from "@/lib/providers/rules";
import { rowToSettings } from "@/lib/providers/schema";
import { AUDITED_FIELDS as PROVIDER_FIELDS } from "@/lib/providers/store";
import { secretPolicyFor } from "@/lib/secrets/policy";
import { importedSecretRefusal } from "@/lib/secrets/service";
import { isWeakSecretHash } from "@/lib/secrets/weak";
import type { ClientEntry, ConfigDocument, ConfigFormat, ConfigProblem, SecretRecord } from "./model";

// The plan of an import: every entry of a document compared with what is stored, and every problem
// found with the same rules the forms use. It reads, never writes (./apply.ts writes a valid plan).

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

function diff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  fields: readonly string[],
  fieldPaths: Record<string, string | undefined> = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (!(field in after) || after[field] === undefined) continue;
    const from = before ? shown(before[field]) : null;
    const to = shown(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ field: fieldName(fieldPaths, field), from, to });
  }
  return out;
}

export const auditChanges = (changes: FieldChange[]) => Object.fromEntries(changes.map((c) => [c.field, { from: c.from, to: c.to }]));

/** A client's changes as the plan shows them: the one settings comparison (diffSettings), at the document's names. */
export function clientChanges(
  before: ClientSettings | null,
  after: Partial<ClientSettings>,
  fieldPaths: Record<string, string | undefined> = {},
): FieldChange[] {
  return Object.entries(diffSettings(before, after)).map(([field, change]) => ({
    field: fieldName(fieldPaths, field),
    from: shown(change!.from),
    to: shown(change!.to),
  }));
}

type StoredSecret = { id: string; hash: string; revokedAt: Date | null };

/** What happens to an owner's secrets: the ones to add (by hash), the ones to mark revoked. */
export function secretPlan(stored: StoredSecret[], wanted: SecretRecord[]) {
  const byHash = new Map(stored.map((s) => [s.hash, s]));
  const add = wanted.filter((s) => !byHash.has(s.hash));
  const revoke = wanted
    .filter((s) => s.revokedAt && byHash.get(s.hash) && !byHash.get(s.hash)!.revokedAt)
    .map((s) => ({ record: s, id: byHash.get(s.hash)!.id }));
  const changes: FieldChange[] = [];
  const describe = (s: SecretRecord) => s.description || (s.hint ? `…${s.hint}` : "imported hash");
  if (add.length)
    changes.push({
      field: "secrets",
      from: null,
      to: add.map((s) => `added: ${describe(s)}${s.revokedAt ? " (revoked)" : ""}${isWeakSecretHash(s.hash) ? " (weak)" : ""}`),
    });
  if (revoke.length) changes.push({ field: "secrets", from: null, to: revoke.map((r) => `revoked: ${describe(r.record)}`) });
  return { add, revoke, changes };
}

export type Plan = Awaited<ReturnType<typeof planImport>>;

export async function planImport(tx: Tx, document: ConfigDocument, options: ImportOptions, report: ImportReport) {
  const problem = (path: string | undefined, message: string) => report.problems.push({ path: path ?? "(document)", message });
  const entry = (e: PlanEntry) => {
    report.entries.push(e);
    return e;
  };

  // ── Profiles ──
  const storedProfiles = new Map(
    (await tx.profile.findMany({ select: { id: true, identifier: true, displayName: true, description: true, secretMaxDays: true } })).map((p) => [
      p.identifier,
      p,
    ]),
  );
  const profiles = document.profiles.map((p) => {
    const before = storedProfiles.get(p.identifier) ?? null;
    const changes = diff(before, p, ["identifier", "displayName", "description", "secretMaxDays"].slice(before ? 1 : 0), {});
    return {
      record: p,
      before,
      plan: entry({ kind: "profile", key: p.identifier, path: p.path, action: !before ? "create" : changes.length ? "change" : "unchanged", changes }),
    };
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
    profiles.push({
      record,
      before: null,
      plan: entry({
        kind: "profile",
        key: identifier,
        path: record.path,
        action: "create",
        changes: diff(null, record, ["identifier", "displayName", "description"]),
      }),
    });
  }

  // ── Profile contexts ──
  const storedContexts = await tx.profileContext.findMany({ select: { id: true, category: true, d0: true, description: true } });
  const contextById = new Map(storedContexts.map((c) => [c.id, c]));
  const contexts = document.profileContexts.map((c) => {
    const before = contextById.get(c.id) ?? null;
    const clash = storedContexts.find(
      (s) => s.id !== c.id && s.category === c.category && s.d0 === c.d0 && !document.profileContexts.some((d) => d.id === s.id),
    );
    if (clash)
      problem(c.fieldPaths.d0 ?? c.fieldPaths.category ?? c.path, `Profile context ${clash.id} already has category "${c.category}" and D0 "${c.d0}".`);
    const changes = diff(before, c, before ? ["category", "d0", "description"] : ["id", "category", "d0", "description"], c.fieldPaths);
    return {
      record: c,
      before,
      plan: entry({ kind: "profileContext", key: String(c.id), path: c.path, action: !before ? "create" : changes.length ? "change" : "unchanged", changes }),
    };
  });
  const knownContexts = new Set([...contextById.keys(), ...document.profileContexts.map((c) => c.id)]);

  // ── Scopes ──
  const storedScopes = new Map(
    (
      await tx.scope.findMany({
        select: { id: true, name: true, displayName: true, description: true, enabled: true, secrets: { select: { id: true, hash: true, revokedAt: true } } },
      })
    ).map((s) => [s.name, s]),
  );
  const scopes = document.scopes.map((s) => {
    const before = storedScopes.get(s.name) ?? null;
    const secrets = secretPlan(before?.secrets ?? [], s.secrets);
    const changes = [
      ...diff(before, s, before ? ["displayName", "description", "enabled"] : ["name", "displayName", "description", "enabled"], s.fieldPaths),
      ...secrets.changes,
    ];
    return {
      record: s,
      before,
      secrets,
      plan: entry({ kind: "scope", key: s.name, path: s.path, action: !before ? "create" : changes.length ? "change" : "unchanged", changes }),
    };
  });
  const knownScopes = new Set([...storedScopes.keys(), ...document.scopes.map((s) => s.name)]);

  // ── Clients ──
  const storedClients = new Map(
    (
      await tx.client.findMany({
        where: { clientId: { in: document.clients.map((c) => c.clientId) } },
        include: {
          profile: { select: { identifier: true } },
          scopes: { select: { scope: { select: { name: true } } } },
          secrets: { select: { id: true, hash: true, revokedAt: true } },
        },
      })
    ).map((c) => [c.clientId, c]),
  );
  // Four-eyes (docs/decisions/030): an import cannot propose, so a governed client's change is a
  // problem here (a dry run shows it) rather than the fence's refusal half-way through the apply.
  const governed = new Set((await tx.profile.findMany({ where: { requireApproval: true }, select: { identifier: true } })).map((p) => p.identifier));
  const clients = document.clients.flatMap((c) => {
    const row = storedClients.get(c.clientId);
    const before = row ? clientRowToSettings(row) : null;
    const ok = checkClient(c, before, { knownProfiles: new Set([...knownProfiles, ...missingProfiles]), knownContexts, knownScopes }, problem);
    if (!ok) return [];
    const settings = ok;
    const secrets = secretPlan(row?.secrets ?? [], c.secrets);
    // The secrets it adds obey the profile's secret policy as new ones do: the document's, else the stored one.
    const declared = document.profiles.find((p) => p.identifier === settings.profile)?.secretMaxDays;
    const policy = secretPolicyFor(declared !== undefined ? { secretMaxDays: declared } : storedProfiles.get(settings.profile));
    for (const record of secrets.add) {
      const refusal = importedSecretRefusal(record, policy);
      if (refusal) problem(c.fieldPaths.secrets ?? c.path, refusal);
    }
    const changes = [...clientChanges(before, settings, c.fieldPaths), ...secrets.changes];
    const governing = [row?.profile.identifier, settings.profile].find((p) => p !== undefined && governed.has(p));
    if (governing && (!row || changes.length)) {
      problem(
        c.path,
        `Changes to clients of profile ${governing} need a second person's approval, and an import cannot propose them: leave client ${c.clientId} out of the document, or propose its change in the portal.`,
      );
    }
    return [
      {
        record: c,
        row,
        settings,
        secrets,
        plan: entry({ kind: "client", key: c.clientId, path: c.path, action: !row ? "create" : changes.length ? "change" : "unchanged", changes }),
      },
    ];
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
    if (p.clientSecret)
      changes.push({ field: "client_secret", from: row?.clientSecretEncrypted ? "set" : null, to: row?.clientSecretEncrypted ? "replaced" : "set" });
    return {
      record: p,
      plan: entry({ kind: "provider", key: p.settings.providerName, path: p.path, action: !row ? "create" : changes.length ? "change" : "unchanged", changes }),
    };
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
  const settings: ClientSettings = { ...CLIENT_DEFAULTS, ...(before ?? {}), ...(entry.settings as ClientSettings) };
  // THE client rules across fields (each field was checked by the document's parser, with the form's rules).
  for (const rule of clientRules(settings)) {
    ok = false;
    problem(at(rule.path), rule.message);
  }
  if (!known.knownProfiles.has(settings.profile) && entry.settings.profile === undefined) {
    ok = false;
    problem(at("profile"), `The profile "${settings.profile}" does not exist.`);
  }
  if (settings.profileContextId !== null && !known.knownContexts.has(settings.profileContextId)) {
    ok = false;
    problem(
      at("profileContextId"),
      `The profile context ${settings.profileContextId} does not exist. Declare it in the document (a ProfileContext element) or create it first.`,
    );
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
