import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { rowToSettings as clientRowToSettings } from "@/lib/clients/model";
import type { Tx } from "@/lib/db/client";
import { rowToSettings, type ProviderSettings } from "@/lib/providers/schema";
import { openClientSecret } from "@/lib/providers/secret";
import { secretView } from "@/lib/secrets/service";
import type { ConfigFormat } from "./model";
import { serializePortalJson, type PortalDocument, type PortalSnapshot } from "./portal-json";
import { serializeUsercubeXml } from "./usercube-xml";

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A secret in the export: what the portal shows of it, with its hash and without its id nor its use
 * (last use, rotation: state of this portal, not configuration; a rotation's grace is its expiry).
 */
const secretColumns = { ...secretView, id: false, hash: true, rotatedAt: false, lastUsedAt: false } as const;

/**
 * The whole portal as a snapshot; provider client secrets decrypted only when `includeProviderSecrets`.
 * With `clientIds`, only those clients and the profiles, profile contexts and scopes they name (no
 * identity provider): the clients list's bulk export (lib/clients/bulk.ts).
 */
export async function loadPortalSnapshot(
  tx: Tx,
  { includeProviderSecrets, clientIds }: { includeProviderSecrets: boolean; clientIds?: string[] },
): Promise<PortalSnapshot> {
  const clients = await tx.client.findMany({
    ...(clientIds ? { where: { id: { in: clientIds } } } : {}),
    include: {
      profile: { select: { identifier: true } },
      scopes: { select: { scope: { select: { name: true } } } },
      secrets: { select: secretColumns, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  const named = <T>(values: T[]) => (clientIds ? { in: [...new Set(values)] } : undefined);
  const [profiles, contexts, scopes, providers] = await Promise.all([
    tx.profile.findMany({
      where: { identifier: named(clients.map((c) => c.profile.identifier)) },
      select: { identifier: true, displayName: true, description: true, secretMaxDays: true },
    }),
    tx.profileContext.findMany({
      where: { id: named(clients.flatMap((c) => (c.profileContextId === null ? [] : [c.profileContextId]))) },
      select: { id: true, category: true, d0: true, description: true },
    }),
    tx.scope.findMany({
      where: { name: named(clients.flatMap((c) => c.scopes.map((s) => s.scope.name))) },
      select: {
        name: true,
        displayName: true,
        description: true,
        enabled: true,
        secrets: { select: secretColumns, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      },
    }),
    clientIds ? [] : tx.identityProvider.findMany({ omit: { clientSecretEncrypted: !includeProviderSecrets } }),
  ]);
  return {
    profiles,
    profileContexts: contexts,
    scopes,
    clients: clients.map((c) => ({
      clientId: c.clientId,
      createdAt: c.createdAt,
      secrets: c.secrets,
      settings: clientRowToSettings(c),
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
export async function exportConfiguration(
  { tx, audit }: Pick<ServiceContext, "tx" | "audit">,
  options: ExportOptions,
): Promise<{ body: string; contentType: string; filename: string }> {
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
        return { clientId: c.clientId, hashedSecret: active.at(-1)?.hash ?? null, settings: c.settings };
      }),
  };
}
