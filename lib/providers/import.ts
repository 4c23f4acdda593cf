import "server-only";
import { ActionError } from "@/lib/actions/result";
import { assertGrantWithin, PROVIDER_POWER } from "@/lib/auth/power";
import type { ServiceContext } from "@/lib/actions/context";
import { createdChanges, diffChanges, secretFieldChange } from "@/lib/audit/changes";
import { activeConflictMessage, activeProviderConflicts } from "./rules";
import { documentProblems, entryToSettings, providerDocumentSchema, type ProviderDocument } from "./document";
import { rowToSettings } from "./schema";
import { sealClientSecret } from "./secret";
import { AUDITED_FIELDS, activeRaceError, settingsData } from "./store";

export type ImportResult = { created: string[]; updated: string[] };

function refuse(problems: Record<string, string[]>): never {
  const count = Object.values(problems).reduce((n, list) => n + list.length, 0);
  throw new ActionError(`The document has ${count} problem${count === 1 ? "" : "s"}. Nothing was imported.`, problems);
}

/** Parses and validates an `{"open_id_connect": [ … ]}` document; throws every problem by entry and field. */
export function parseProviderDocument(text: string): ProviderDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ActionError(`This is not valid JSON (${error instanceof Error ? error.message : "parse error"}). Nothing was imported.`);
  }
  const parsed = providerDocumentSchema.safeParse(json);
  if (!parsed.success) refuse(documentProblems(parsed.error));
  return parsed.data;
}

/**
 * Imports a document all-or-nothing, inside the caller's transaction: an entry whose provider_name
 * exists updates that provider, any other creates one. The at-most-one-Active rule is checked on
 * the state after the import. An entry without client_secret keeps the stored secret.
 */
export async function importProviderDocument(ctx: Pick<ServiceContext, "tx" | "audit" | "actor">, text: string): Promise<ImportResult> {
  const { tx, audit } = ctx;
  const document = parseProviderDocument(text);
  await assertGrantWithin(ctx, PROVIDER_POWER, "An identity provider");
  const entries = document.open_id_connect.map((entry, index) => ({ index, ...entryToSettings(entry) }));
  const existing = await tx.identityProvider.findMany({ omit: { clientSecretEncrypted: false }, orderBy: { createdAt: "asc" } });
  const byName = new Map(existing.map((row) => [row.providerName, row]));

  // The final state: the providers the document does not name, then the document's entries.
  const named = new Set(entries.map((e) => e.settings.providerName));
  const finalState = [
    ...existing.filter((row) => !named.has(row.providerName)).map((row) => ({ ...row, index: -1 })),
    ...entries.map((e) => ({ ...e.settings, index: e.index })),
  ];
  const problems: Record<string, string[]> = {};
  for (const { provider, current } of activeProviderConflicts(finalState)) {
    if (provider.index >= 0) (problems[`open_id_connect[${provider.index}].authentication_mode`] ??= []).push(activeConflictMessage(current));
  }
  if (Object.keys(problems).length) refuse(problems);

  const outcome: ("created" | "updated")[] = [];
  // Entries that end up Active are written last, so the database's one-Active index never sees a
  // moment with two (e.g. a document that swaps which provider is Active).
  const isActive = (e: (typeof entries)[number]) => e.settings.isEnabled && e.settings.authenticationMode === "Active";
  const ordered = [...entries.filter((e) => !isActive(e)), ...entries.filter(isActive)];
  for (const { index, settings, clientSecret } of ordered) {
    try {
      const before = byName.get(settings.providerName);
      if (before) {
        await tx.identityProvider.update({
          where: { id: before.id },
          data: {
            ...settingsData(settings),
            ...(clientSecret ? { clientSecretEncrypted: sealClientSecret(before.id, clientSecret) } : {}),
            version: { increment: 1 },
          },
        });
        const had = Boolean(before.clientSecretEncrypted);
        const secret = secretFieldChange({ had, has: had || Boolean(clientSecret), replaced: Boolean(clientSecret) });
        await audit({
          action: "provider.imported",
          target: { type: "provider", id: before.id, label: settings.providerName },
          changes: { result: "updated", ...diffChanges(rowToSettings(before), settings, AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
        });
        outcome[index] = "updated";
      } else {
        const { id } = await tx.identityProvider.create({ data: settingsData(settings), select: { id: true } });
        if (clientSecret) await tx.identityProvider.update({ where: { id }, data: { clientSecretEncrypted: sealClientSecret(id, clientSecret) } });
        const secret = secretFieldChange({ had: false, has: Boolean(clientSecret) });
        await audit({
          action: "provider.imported",
          target: { type: "provider", id, label: settings.providerName },
          changes: { result: "created", ...createdChanges(settings, AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
        });
        outcome[index] = "created";
      }
    } catch (error) {
      // Another save made a provider Active meanwhile (the database's unique index).
      throw activeRaceError(error, `open_id_connect[${index}].authentication_mode`) ?? error;
    }
  }
  // Reported in the document's order.
  const result: ImportResult = { created: [], updated: [] };
  entries.forEach(({ index, settings }) => result[outcome[index]!].push(settings.providerName));
  return result;
}
