import "server-only";
import type { Tx } from "@/lib/db/client";
import { settingsToEntry, type ExportedProviderEntry } from "./document";
import { rowToSettings } from "./schema";
import { openClientSecret } from "./secret";

export type ProviderExport = { open_id_connect: ExportedProviderEntry[] };

/**
 * The `{"open_id_connect": [ … ]}` document for one provider (`id`) or all of them. client_secret is
 * left out unless `includeSecrets`; then the stored secret is decrypted into it. Null when `id`
 * names no provider.
 */
export async function buildProviderExport(tx: Tx, { id, includeSecrets }: { id?: string; includeSecrets: boolean }) {
  const rows = await tx.identityProvider.findMany({
    where: id ? { id } : {},
    omit: { clientSecretEncrypted: !includeSecrets },
    orderBy: { providerName: "asc" },
  });
  if (id && rows.length === 0) return null;
  const document: ProviderExport = {
    open_id_connect: rows.map((row) => {
      const envelope = "clientSecretEncrypted" in row ? (row.clientSecretEncrypted as string | null) : null;
      return settingsToEntry(rowToSettings(row), includeSecrets && envelope ? openClientSecret(row.id, envelope) : null);
    }),
  };
  return { document, names: rows.map((r) => r.providerName) };
}
