import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { settingsToValues } from "@/lib/clients/model";
import { createClientRecord, updateClientRecord } from "@/lib/clients/service";
import { createProfileContextRecord, createProfileRecord, updateProfileContextRecord, updateProfileRecord } from "@/lib/profiles/service";
import { importProviderDocument } from "@/lib/providers/import";
import { settingsToEntry } from "@/lib/providers/document";
import { createScopeRecord, updateScopeRecord } from "@/lib/scopes/service";
import { importSecret, revokeSecret, type SecretOwner } from "@/lib/secrets/service";
import type { Plan, secretPlan } from "./plan";

// Writes a valid plan (./plan.ts) in the caller's transaction, through the same service functions
// the forms and the REST API call — so an import passes every rule they add (the reach, the
// escalation rule of lib/auth/power.ts, the uniqueness checks) and is audited as they are, as
// `<noun>.imported`. Profiles and contexts first, then scopes, then the clients that refer to them.

export async function applyPlan(ctx: ServiceContext, plan: Plan) {
  const { tx } = ctx;
  const imported = { imported: true };

  for (const { record, before, plan: p } of plan.profiles) {
    if (p.action === "unchanged") continue;
    const values = { identifier: record.identifier, displayName: record.displayName, description: record.description, secretMaxDays: record.secretMaxDays };
    if (before) await updateProfileRecord(ctx, { id: before.id, ...values }, imported);
    else await createProfileRecord(ctx, values, imported);
  }
  const profileIds = new Map((await tx.profile.findMany({ select: { id: true, identifier: true } })).map((p) => [p.identifier, p.id]));

  for (const { record, before, plan: p } of plan.contexts) {
    if (p.action === "unchanged") continue;
    // The XML carries no description: the stored one stays.
    const values = { id: record.id, category: record.category, d0: record.d0, description: record.description ?? before?.description ?? "" };
    if (before) await updateProfileContextRecord(ctx, values, imported);
    else await createProfileContextRecord(ctx, values, imported);
  }

  for (const { record, before, secrets, plan: p } of plan.scopes) {
    if (p.action === "unchanged") continue;
    const values = { name: record.name, displayName: record.displayName, description: record.description, enabled: record.enabled };
    const id = before ? (await updateScopeRecord(ctx, { id: before.id, ...values }, imported), before.id) : (await createScopeRecord(ctx, values, imported)).id;
    await applySecrets(ctx, { kind: "scope", id, label: record.name }, secrets);
  }
  const scopeIds = new Map((await tx.scope.findMany({ select: { id: true, name: true } })).map((s) => [s.name, s.id]));

  for (const { record, row, settings, secrets, plan: p } of plan.clients) {
    if (p.action === "unchanged") continue;
    const values = settingsToValues(settings, { profileId: profileIds.get(settings.profile)!, scopeIds: settings.scopes.map((name) => scopeIds.get(name)!) });
    let id: string;
    if (row) {
      await updateClientRecord(ctx, { id: row.id, version: row.version, ...values }, imported);
      id = row.id;
    } else {
      id = (await createClientRecord(ctx, { clientId: record.clientId, ...values }, { ...imported, createdAt: record.createdAt })).id;
    }
    await applySecrets(ctx, { kind: "client", id, label: record.clientId }, secrets);
  }

  if (plan.providers.some((p) => p.plan.action !== "unchanged")) {
    // The provider importer (lib/providers/import.ts) writes them: the same rules and audit as the provider page's import.
    const entries = plan.providers.filter((p) => p.plan.action !== "unchanged").map((p) => settingsToEntry(p.record.settings, p.record.clientSecret));
    await importProviderDocument(ctx, JSON.stringify({ open_id_connect: entries }));
  }
}

async function applySecrets(ctx: ServiceContext, owner: SecretOwner, plan: ReturnType<typeof secretPlan>) {
  for (const record of plan.add) await importSecret(ctx, owner, record);
  for (const { id, record } of plan.revoke) await revokeSecret(ctx, owner, id, { at: record.revokedAt!, by: record.revokedBy });
}
