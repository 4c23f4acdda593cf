import type { Tx } from "@/lib/db/client";

// What the clients list filters on but cannot index in the client's row, because it sits in a JSON
// list: the hosts of its redirect URIs and its owners and contacts. Each becomes rows of
// ClientLookup (kind, value), written with the client in the same transaction by every write of
// those fields (lib/clients/service.ts, lib/clients/trial.ts), so a filter is one indexed look-up
// (docs/decisions/029-client-list-filters.md). The migration that added the table filled it with the
// same keys in SQL (lookups.test.ts runs that SQL against this code).

export const LOOKUP_KINDS = ["redirectHost", "person"] as const;
export type LookupKind = (typeof LOOKUP_KINDS)[number];

/** ASCII lowercase, as SQLite's lower() does: the one case fold of lookup values and of the filters. */
export const foldCase = (value: string) => value.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** An IPv4 address or a bracketed IPv6 one: it has no parent domains. */
const isAddress = (host: string) => host.startsWith("[") || /^[\d.]+$/.test(host);

/**
 * The keys a host is found by: itself and each parent domain that still holds a dot, so a filter on
 * example.com finds app.example.com and eu.app.example.com too. An address is only itself.
 */
export function hostKeys(host: string): string[] {
  const keys = [host];
  if (isAddress(host)) return keys;
  for (let rest = host; rest.indexOf(".") >= 0;) {
    rest = rest.slice(rest.indexOf(".") + 1);
    if (!rest.includes(".")) break;
    keys.push(rest);
  }
  return keys;
}

/** A URL's host as the filter compares it (lowercase), or null when it has none. */
export function hostOf(uri: string): string | null {
  const host = URL.parse(uri)?.hostname;
  return host ? foldCase(host) : null;
}

/**
 * What the redirect-URI host filter looks up for what someone typed: a host ("App.Example.com"), a
 * domain, or a whole URL pasted from somewhere. null: nothing a host could be.
 */
export function hostFilterKey(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  return hostOf(text.includes("://") ? text : `https://${text}`);
}

/** What the owner filter looks up for what someone typed: an owner or contact, case aside. */
export const personFilterKey = (input: string) => foldCase(input.trim());

type LookupSource = { redirectUris: unknown; owners: unknown; contacts: unknown };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** A client's lookup rows, without duplicates. */
export function clientLookups(client: LookupSource): { kind: LookupKind; value: string }[] {
  const seen = new Set<string>();
  const rows: { kind: LookupKind; value: string }[] = [];
  const add = (kind: LookupKind, value: string) => {
    if (!value || seen.has(`${kind} ${value}`)) return;
    seen.add(`${kind} ${value}`);
    rows.push({ kind, value });
  };
  for (const uri of strings(client.redirectUris)) {
    const host = hostOf(uri);
    if (host) for (const key of hostKeys(host)) add("redirectHost", key);
  }
  for (const person of [...strings(client.owners), ...strings(client.contacts)]) add("person", personFilterKey(person));
  return rows;
}

/** Replaces a client's lookup rows with those of its values: call it in the transaction that writes them. */
export async function writeClientLookups(tx: Tx, clientInternalId: string, client: LookupSource) {
  await tx.clientLookup.deleteMany({ where: { clientInternalId } });
  const rows = clientLookups(client);
  if (rows.length) await tx.clientLookup.createMany({ data: rows.map((row) => ({ ...row, clientInternalId })) });
}
