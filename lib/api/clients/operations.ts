import "server-only";
import { z } from "zod";
import type { CreateClientValues } from "@/lib/clients/schema";
import { clientStatus } from "@/lib/clients/schema";
import {
  createClientRecord,
  createClientSecretRecord,
  deleteClientRecord,
  revokeClientSecretRecord,
  updateClientRecord,
  type ClientReach,
} from "@/lib/clients/service";
import type { Db, Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { secretView } from "@/lib/secrets/service";
import { rfc3339 } from "@/lib/validation/dates";
import { ADMINISTRATOR_PROFILE, type Caller } from "../auth";
import { forbidden, invalidField, notFound } from "../errors";
import { parseOr400 } from "../http";
import { pageArgs, pageOf, pageQueryOf } from "../pagination";
import { toApiSecret } from "../secrets";
import {
  apiClientInputSchema,
  apiSecretInputSchema,
  type ApiClient,
  type ApiClientValues,
  type ApiSecret,
} from "./schema";

// The clients part of the REST API: authorization (the caller's reach), the API's shapes, and the
// shared mutations of lib/clients/service.ts. Route handlers only call these.

/**
 * The caller's scope of responsibility over clients, applied in every query: everything for an
 * Administrator, its own profile context for a context-bound client, nothing (403) otherwise.
 */
export function clientReach(caller: Caller): ClientReach {
  switch (caller.access.kind) {
    case "admin":
      return {};
    case "context":
      return { profileContextId: caller.access.profileContextId };
    default:
      throw forbidden(`The profile "${caller.access.profile}" grants no access to this API.`);
  }
}

const clientSelect = {
  id: true,
  clientId: true,
  displayName: true,
  description: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  flow: true,
  idTokenSignedResponseAlg: true,
  tokenEndpointAuthMethod: true,
  profileContextId: true,
  expiresAt: true,
  enabled: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  profile: { select: { identifier: true } },
  scopes: { select: { scope: { select: { name: true } } } },
} satisfies Prisma.ClientSelect;

type ClientRow = Prisma.ClientGetPayload<{ select: typeof clientSelect }>;

export function toApiClient(row: ClientRow, now = new Date()): ApiClient {
  return {
    id: row.id,
    client_id: row.clientId,
    name: row.displayName,
    description: row.description,
    redirect_uris: row.redirectUris as string[],
    post_logout_redirect_uris: row.postLogoutRedirectUris as string[],
    flow: row.flow as ApiClient["flow"],
    id_token_signed_response_alg: row.idTokenSignedResponseAlg as ApiClient["id_token_signed_response_alg"],
    token_endpoint_auth_method: row.tokenEndpointAuthMethod as ApiClient["token_endpoint_auth_method"],
    profile: row.profile.identifier,
    profile_context_id: row.profileContextId,
    expires_at: row.expiresAt && rfc3339(row.expiresAt),
    enabled: row.enabled,
    status: clientStatus(row, now),
    scopes: row.scopes.map((s) => s.scope.name).sort(),
    version: row.version,
    date_created: rfc3339(row.createdAt),
    date_modified: rfc3339(row.updatedAt),
  };
}

const within = (reach: ClientReach, where: Prisma.ClientWhereInput): Prisma.ClientWhereInput => ({ AND: [where, reach] });

async function readClient(db: Tx | Db, reach: ClientReach, id: string) {
  const row = await db.client.findFirst({
    where: within(reach, { id }),
    select: { ...clientSelect, secrets: { select: secretView, orderBy: { createdAt: "desc" } } },
  });
  if (!row) throw notFound("No client with this id.");
  return { ...toApiClient(row), secrets: row.secrets.map((s) => toApiSecret(s)) };
}

/** GET /oidc/clients: one page of the clients within the caller's reach, oldest first. */
export async function listClients(caller: Caller, url: URL) {
  const reach = clientReach(caller);
  const query = pageQueryOf(url);
  const { after, orderBy, skip, take } = pageArgs(query);
  const [total, rows] = await Promise.all([
    prisma.client.count({ where: reach }),
    prisma.client.findMany({ where: within(reach, after), orderBy, skip, take, select: clientSelect }),
  ]);
  const page = pageOf(rows, query);
  const now = new Date();
  return {
    clients: page.rows.map((row) => toApiClient(row, now)),
    total_size: total,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}

/** GET /oidc/clients/{id}: the client and its secrets (never their values or hashes). */
export function getClient(caller: Caller, id: string) {
  return readClient(prisma, clientReach(caller), id);
}

/**
 * The API's values as the shared mutation takes them: profile identifier → id, scope names → ids,
 * and the context rules of a context-bound caller (its own context and its own profile only).
 */
async function toClientValues(caller: Caller, values: ApiClientValues, current?: ApiClient): Promise<CreateClientValues> {
  const access = caller.access;
  let profile = values.profile ?? (access.kind === "context" ? access.profile : ADMINISTRATOR_PROFILE);
  let profileContextId = values.profile_context_id ?? null;
  if (access.kind === "context") {
    if (values.profile_context_id === undefined) profileContextId = access.profileContextId;
    if (profileContextId !== access.profileContextId) {
      throw forbidden(`This client is bound to profile context ${access.profileContextId}: its clients stay in that context.`);
    }
    if (profile !== access.profile && profile !== current?.profile) {
      throw forbidden(`This client may give its clients only its own profile, "${access.profile}".`);
    }
  }
  profile = profile.trim();
  const found = await prisma.profile.findUnique({ where: { identifier: profile }, select: { id: true } });
  if (!found) throw invalidField("profile", `There is no profile "${profile}".`);

  const scopes = values.scopes.length
    ? await prisma.scope.findMany({ where: { name: { in: values.scopes } }, select: { id: true, name: true } })
    : [];
  const unknown = [...new Set(values.scopes)].filter((name) => !scopes.some((s) => s.name === name));
  if (unknown.length) throw invalidField("scopes", `Unknown scope${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}.`);

  return {
    clientId: values.client_id ?? crypto.randomUUID(),
    displayName: values.name,
    description: values.description,
    redirectUris: values.redirect_uris,
    postLogoutRedirectUris: values.post_logout_redirect_uris,
    flow: values.flow,
    idTokenSignedResponseAlg: values.id_token_signed_response_alg,
    tokenEndpointAuthMethod: values.token_endpoint_auth_method,
    profileId: found.id,
    profileContextId,
    expiresAt: values.expires_at,
    enabled: values.enabled,
    scopeIds: scopes.map((s) => s.id),
  };
}

/** POST /oidc/clients: creates the client; a confidential client's first secret is in the answer, once. */
export async function createClient(caller: Caller, body: Record<string, unknown>) {
  const reach = clientReach(caller);
  const values = await toClientValues(caller, parseOr400(apiClientInputSchema, body));
  return prisma.$transaction(async (tx) => {
    const created = await createClientRecord(tx, caller.actor, values);
    const { secrets: _secrets, ...client } = await readClient(tx, reach, created.id);
    return created.secret ? { ...client, client_secret: created.secret.value } : client;
  });
}

/** The writable fields of a client, as the create body spells them. */
const INPUT_KEYS = [
  "client_id",
  "name",
  "description",
  "redirect_uris",
  "post_logout_redirect_uris",
  "flow",
  "id_token_signed_response_alg",
  "token_endpoint_auth_method",
  "profile",
  "profile_context_id",
  "expires_at",
  "enabled",
  "scopes",
] as const;

const versionSchema = z.object({ version: z.number({ message: "Send the version as a whole number." }).int().min(1).optional() });

/**
 * PUT /oidc/clients/{id} (the internal id): the body's fields over the stored client, checked with
 * the create rules. client_id cannot change; `version`, when sent, must still be the stored one.
 */
export async function updateClient(caller: Caller, id: string, body: Record<string, unknown>) {
  const reach = clientReach(caller);
  const { secrets: _secrets, ...current } = await readClient(prisma, reach, id);
  if (body.client_id !== undefined && body.client_id !== current.client_id) {
    throw invalidField("client_id", "client_id cannot change; create a new client instead.");
  }
  const { version } = parseOr400(versionSchema, { version: body.version });
  const merged: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) merged[key] = key in body ? body[key] : current[key];
  const { clientId: _clientId, ...values } = await toClientValues(caller, parseOr400(apiClientInputSchema, merged), current);
  return prisma.$transaction(async (tx) => {
    await updateClientRecord(tx, caller.actor, { ...values, id, version: version ?? current.version }, reach);
    return readClient(tx, reach, id);
  });
}

/** DELETE /oidc/clients/{id}: the client and all its secrets. */
export async function deleteClient(caller: Caller, id: string) {
  const reach = clientReach(caller);
  await prisma.$transaction((tx) => deleteClientRecord(tx, caller.actor, id, reach));
}

/** POST /oidc/clients/{id}/secrets: a new secret, its value in the answer this once. */
export async function createClientSecret(caller: Caller, id: string, body: Record<string, unknown>): Promise<ApiSecret & { secret: string }> {
  const reach = clientReach(caller);
  const input = parseOr400(apiSecretInputSchema, body);
  return prisma.$transaction(async (tx) => {
    const issued = await createClientSecretRecord(tx, caller.actor, id, { description: input.description, expiresAt: input.expiration }, reach);
    const row = await tx.secret.findUniqueOrThrow({ where: { id: issued.id }, select: secretView });
    return { ...toApiSecret(row), secret: issued.value };
  });
}

/** DELETE /oidc/clients/{id}/secrets/{secretId}: revokes an active secret. */
export async function revokeClientSecret(caller: Caller, id: string, secretId: string) {
  const reach = clientReach(caller);
  await prisma.$transaction((tx) => revokeClientSecretRecord(tx, caller.actor, id, secretId, reach));
}
