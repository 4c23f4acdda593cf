import "server-only";
import * as clock from "@/lib/clock";
import type { Db, Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { scopeColumns } from "@/lib/scopes/queries";
import {
  createScopeRecord,
  createScopeSecretRecord,
  deleteScopeRecord,
  revokeScopeSecretRecord,
  rotateScopeSecretRecord,
  updateScopeRecord,
} from "@/lib/scopes/service";
import { secretView } from "@/lib/secrets/service";
import { rfc3339 } from "@/lib/validation/dates";
import { z } from "zod";
import { apiRotateSecretInputSchema, apiSecretInputSchema } from "../clients/schema";
import { notFound } from "../errors";
import { apiOperation, parseOr400 } from "../http";
import { pageArgs, pageOf, pageQueryOf } from "../pagination";
import { inApiSecretTerms, issuedApiSecret, rotatedApiSecret, toApiSecret } from "../secrets";
import { apiScopeInputSchema, type ApiScope } from "./schema";

// The scopes operations of the REST API (route handlers built by apiOperation): scopes.read /
// scopes.write, which a context-bound caller never has; the mutations are lib/scopes/service.ts,
// shared with the server actions.

type IdParams = { id: string };
/** A PUT body is merged with the stored record before it is validated as a whole. */
const anyObject = z.record(z.string(), z.unknown());

const scopeSelect = { ...scopeColumns, createdAt: true, updatedAt: true } satisfies Prisma.ScopeSelect;

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
  const now = clock.now();
  return { ...toApiScope(row), secrets: row.secrets.map((s) => toApiSecret(s, now)), clients: row.clients.map((c) => c.client.clientId) };
}

export const listScopesOperation = apiOperation({ permission: "scopes.read" }, async ({ url }) => {
  const query = pageQueryOf(url);
  const { after, orderBy, skip, take } = pageArgs(query);
  const [total, rows] = await Promise.all([prisma.scope.count(), prisma.scope.findMany({ where: after, orderBy, skip, take, select: scopeSelect })]);
  const page = pageOf(rows, query);
  return { scopes: page.rows.map(toApiScope), total_size: total, ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
});

export const getScopeOperation = apiOperation<IdParams>({ permission: "scopes.read" }, ({ params }) => readScope(prisma, params.id));

export const createScopeOperation = apiOperation({ permission: "scopes.write", body: apiScopeInputSchema, status: 201 }, ({ body: v, mutate }) =>
  mutate(async (ctx) => {
    const { id } = await createScopeRecord(ctx, { name: v.name, displayName: v.display_name, description: v.description, enabled: v.enabled });
    const { secrets: _secrets, clients: _clients, ...scope } = await readScope(ctx.tx, id);
    return scope;
  }),
);

/** The writable fields: the create body's own keys (a new one cannot be forgotten here). */
const inputNames = Object.keys(apiScopeInputSchema.shape);

/** PUT /scopes/{id}: the body's fields over the stored scope, checked with the create rules. */
export const updateScopeOperation = apiOperation<IdParams, typeof anyObject>(
  { permission: "scopes.write", body: anyObject },
  async ({ params: { id }, body, mutate }) => {
    const current = await readScope(prisma, id);
    const merged = Object.fromEntries(inputNames.map((key) => [key, key in body ? body[key] : current[key as keyof typeof current]]));
    const v = parseOr400(apiScopeInputSchema, merged);
    return mutate(async (ctx) => {
      await updateScopeRecord(ctx, { id, name: v.name, displayName: v.display_name, description: v.description, enabled: v.enabled });
      return readScope(ctx.tx, id);
    });
  },
);

export const deleteScopeOperation = apiOperation<IdParams>({ permission: "scopes.write" }, async ({ params: { id }, mutate }) => {
  await mutate((ctx) => deleteScopeRecord(ctx, id));
});

export const createScopeSecretOperation = apiOperation<IdParams, typeof apiSecretInputSchema>(
  { permission: "scopes.write", body: apiSecretInputSchema, status: 201 },
  ({ params: { id }, body, mutate }) =>
    mutate(async (ctx) =>
      issuedApiSecret(await createScopeSecretRecord(ctx, id, { description: body.description, expiresAt: body.expiration }).catch(inApiSecretTerms)),
    ),
);

export const revokeScopeSecretOperation = apiOperation<{ id: string; secretId: string }>(
  { permission: "scopes.write" },
  async ({ params: { id, secretId }, mutate }) => {
    await mutate((ctx) => revokeScopeSecretRecord(ctx, id, secretId));
  },
);

/** POST /scopes/{id}/secrets/{secretId}/rotate: as the clients' (rotateClientSecretOperation). */
export const rotateScopeSecretOperation = apiOperation<{ id: string; secretId: string }, typeof apiRotateSecretInputSchema>(
  { permission: "scopes.write", body: apiRotateSecretInputSchema, optionalBody: true, status: 201 },
  ({ params: { id, secretId }, body, mutate }) =>
    mutate(async (ctx) => rotatedApiSecret(await rotateScopeSecretRecord(ctx, id, { secretId, graceDays: body.grace_days, description: body.description }))),
);
