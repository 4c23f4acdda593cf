import "server-only";
import { prisma } from "@/lib/db/prisma";
import { rowToSettings } from "./schema";

/** The providers page's rows, by name. */
export function listProviders() {
  return prisma.identityProvider.findMany({
    select: { id: true, providerName: true, authenticationMode: true, isEnabled: true, authority: true, updatedAt: true },
    orderBy: { providerName: "asc" },
  });
}

export type ProviderRow = Awaited<ReturnType<typeof listProviders>>[number];

/**
 * A provider for its edit page. Whether a client secret is set, never the secret or its ciphertext:
 * this object goes to the browser.
 */
export async function getProviderForEdit(id: string) {
  const row = await prisma.identityProvider.findUnique({ where: { id }, omit: { clientSecretEncrypted: false } });
  if (!row) return null;
  return {
    id: row.id,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    hasSecret: row.clientSecretEncrypted !== null,
    settings: rowToSettings(row),
  };
}

export type ProviderForEdit = NonNullable<Awaited<ReturnType<typeof getProviderForEdit>>>;
