import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createScopeRecord, createScopeSecretRecord, deleteScopeRecord, revokeScopeSecretRecord, updateScopeRecord } from "@/lib/scopes/service";
import { secretView } from "@/lib/secrets/service";
import { rfc3339 } from "@/lib/validation/dates";
import { requireAdministrator, type Caller } from "../auth";
import { apiSecretInputSchema, type ApiSecret } from "../clients/schema";
import { notFound } from "../errors";
import { parseOr400 } from "../http";
import { pageArgs, pageOf, pageQueryOf } from "../pagination";
import { toApiSecret } from "../secrets";
import { apiScopeInputSchema, type ApiScope } from "./schema";

// The scopes part of the REST API: for the Administrator profile only (requireAdministrator in every
// operation); the mutations are lib/scopes/service.ts, shared with the server actions.

const scopeSelect = {
  id: true,
  name: true,
  displayName: true,
  description: true,
  enabled: true,
  builtIn: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ScopeSelect;

type ScopeRow = Prisma.ScopeGetPayload<{ select: typeof scopeSelect }>;

function toApiScope(row: ScopeRow): ApiScope {
  return {
    id: row.id,
    name: row.name,
    display_name: row.displayName,
    description: row.description,
    enabled: row.enabled,
    built_in: row.builtIn,
    date_created: rfc3339(row.createdAt),
    date_modified: rfc3339(row.updatedAt),
  };
}

async function readScope(db: Tx | Db, id: string) {
  const row = await db.scope.findUnique({
    where: { id },
    select: {
      ...scopeSelect,
      secrets: { select: secretView, orderBy: { createdAt: "desc" } },
      clients: { select: { client: { select: { clientId: true } } }, orderBy: { client: { clientId: "asc" } }, take: 100 },
    },
  });
  if (!row) throw notFound("No scope with this id.");
  return { ...toApiScope(row), secrets: row.secrets.map((s) => toApiSecret(s)), clients: row.clients.map((c) => c.client.clientId) };
}

export async function listScopes(caller: Caller, url: URL) {
  requireAdministrator(caller);
  const query = pageQueryOf(url);
  const { after, orderBy, skip, take } = pageArgs(query);
  const [total, rows] = await Promise.all([prisma.scope.count(), prisma.scope.findMany({ where: after, orderBy, skip, take, select: scopeSelect })]);
  const page = pageOf(rows, query);
  return { scopes: page.rows.map(toApiScope), total_size: total, ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
}

export function getScope(caller: Caller, id: string) {
  requireAdministrator(caller);
  return readScope(prisma, id);
}

export async function createScope(caller: Caller, body: Record<string, unknown>) {
  requireAdministrator(caller);
  const v = parseOr400(apiScopeInputSchema, body);
  return prisma.$transaction(async (tx) => {
    const { id } = await createScopeRecord(tx, caller.actor, { name: v.name, displayName: v.display_name, description: v.description, enabled: v.enabled });
    const { secrets: _secrets, clients: _clients, ...scope } = await readScope(tx, id);
    return scope;
  });
}

const INPUT_KEYS = ["name", "display_name", "description", "enabled"] as const;

/** PUT /scopes/{id}: the body's fields over the stored scope, checked with the create rules. */
export async function updateScope(caller: Caller, id: string, body: Record<string, unknown>) {
  requireAdministrator(caller);
  const current = await readScope(prisma, id);
  const merged: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) merged[key] = key in body ? body[key] : current[key];
  const v = parseOr400(apiScopeInputSchema, merged);
  return prisma.$transaction(async (tx) => {
    await updateScopeRecord(tx, caller.actor, { id, name: v.name, displayName: v.display_name, description: v.description, enabled: v.enabled });
    return readScope(tx, id);
  });
}

export async function deleteScope(caller: Caller, id: string) {
  requireAdministrator(caller);
  await prisma.$transaction((tx) => deleteScopeRecord(tx, caller.actor, id));
}

export async function createScopeSecret(caller: Caller, id: string, body: Record<string, unknown>): Promise<ApiSecret & { secret: string }> {
  requireAdministrator(caller);
  const input = parseOr400(apiSecretInputSchema, body);
  return prisma.$transaction(async (tx) => {
    const issued = await createScopeSecretRecord(tx, caller.actor, id, { description: input.description, expiresAt: input.expiration });
    const row = await tx.secret.findUniqueOrThrow({ where: { id: issued.id }, select: secretView });
    return { ...toApiSecret(row), secret: issued.value };
  });
}

export async function revokeScopeSecret(caller: Caller, id: string, secretId: string) {
  requireAdministrator(caller);
  await prisma.$transaction((tx) => revokeScopeSecretRecord(tx, caller.actor, id, secretId));
}
