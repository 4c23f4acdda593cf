import "server-only";
import { changeEpochCache } from "@/lib/db/change-epoch";
import { prisma } from "@/lib/db/prisma";
import { containsText } from "@/lib/db/text";
import { secretView } from "@/lib/secrets/service";

/** A scope's own columns, as the scopes page and the REST API read them. */
export const scopeColumns = { id: true, name: true, displayName: true, description: true, enabled: true, builtIn: true } as const;

/** Scopes, built-in first then by name, with how many clients may request each. */
export function listScopes(q: string) {
  return prisma.scope.findMany({
    where: q ? { OR: [{ name: containsText(q) }, { displayName: containsText(q) }] } : {},
    orderBy: [{ builtIn: "desc" }, { name: "asc" }],
    select: {
      ...scopeColumns,
      _count: { select: { clients: true, secrets: { where: { revokedAt: null } } } },
    },
  });
}

/** One scope with its secrets (never their hashes) and the clients allowed to request it. */
export function getScope(id: string) {
  return prisma.scope.findUnique({
    where: { id },
    include: {
      secrets: { select: secretView, orderBy: { createdAt: "desc" } },
      clients: { select: { client: { select: { id: true, clientId: true, displayName: true } } }, orderBy: { client: { clientId: "asc" } }, take: 100 },
      _count: { select: { clients: true } },
    },
  });
}

type ScopeOption = { id: string; name: string; displayName: string; enabled: boolean };
const optionsCache = changeEpochCache<ScopeOption[]>("scopeOptions", 1);

/** Scopes for the client form's picker and the clients list's filter: from memory until the database changes. */
export function listScopeOptions(): Promise<ScopeOption[]> {
  return optionsCache("scopes", () =>
    prisma.scope.findMany({
      orderBy: [{ builtIn: "desc" }, { name: "asc" }],
      select: { id: true, name: true, displayName: true, enabled: true },
    }),
  );
}
