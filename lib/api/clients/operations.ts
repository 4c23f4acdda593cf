import "server-only";
import { z } from "zod";
import type { CreateClientValues } from "@/lib/clients/schema";
import { clientStatus } from "@/lib/clients/status";
import * as clock from "@/lib/clock";
import {
  createClientRecord,
  createClientSecretRecord,
  deleteClientRecord,
  revokeClientSecretRecord,
  rotateClientSecretRecord,
  updateClientRecord,
} from "@/lib/clients/service";
import { CLIENT_COLUMNS, rowToSettings, settingsToValues, settingsToWire, wireToSettings, type ClientSettings } from "@/lib/clients/model";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import type { Db, Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/actions/result";
import { ApprovalRequired } from "@/lib/change-requests/gate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { secretView } from "@/lib/secrets/service";
import { rfc3339 } from "@/lib/validation/dates";
import { ADMINISTRATOR_PROFILE, type Caller } from "../auth";
import { ApiError, invalidField, notFound } from "../errors";
import { proposeOr202 } from "../change-requests/operations";
import { apiOperation, parseOr400 } from "../http";
import { pageArgs, pageOf, pageQueryOf } from "../pagination";
import { inApiSecretTerms, issuedApiSecret, rotatedApiSecret, toApiSecret } from "../secrets";
import { apiClientInputSchema, apiRotateSecretInputSchema, apiSecretInputSchema, mergeOverStored, type ApiClient, type ApiClientValues } from "./schema";

// The clients operations of the REST API (route handlers built by apiOperation): permission, the
// API's shapes, and the shared mutations of lib/clients/service.ts. The caller's reach is ANDed into
// every query (clientsWithin); the app/api/v0/oidc/clients routes only export these. A mutation of
// a governed client (four-eyes, docs/decisions/030) becomes a change request: 202 Accepted
// (proposeOr202), with the optional ?reason= the approver reads.

type IdParams = { id: string };
type SecretParams = { id: string; secretId: string };
/** A PUT body is merged with the stored record before it is validated as a whole. */
const anyObject = z.record(z.string(), z.unknown());

const clientSelect = {
  id: true,
  clientId: true,
  ...CLIENT_COLUMNS,
  version: true,
  createdAt: true,
  updatedAt: true,
  profile: { select: { identifier: true } },
  scopes: { select: { scope: { select: { name: true } } } },
} satisfies Prisma.ClientSelect;

type ClientRow = Prisma.ClientGetPayload<{ select: typeof clientSelect }>;

/** A client as the API shows it; its status on the portal's clock (lib/clock.ts), as its page shows it. */
export function toApiClient(row: ClientRow, now = clock.now()): ApiClient {
  return {
    id: row.id,
    client_id: row.clientId,
    ...settingsToWire("rest", rowToSettings(row)),
    status: clientStatus(row, now),
    version: row.version,
    date_created: rfc3339(row.createdAt),
    date_modified: rfc3339(row.updatedAt),
  };
}

async function readClient(db: Tx | Db, reach: Reach, id: string) {
  const row = await db.client.findFirst({
    where: clientsWithin(reach, { id }),
    select: { ...clientSelect, secrets: { select: secretView, orderBy: { createdAt: "desc" } } },
  });
  if (!row) throw notFound("No client with this id.");
  const now = clock.now();
  return { ...toApiClient(row, now), secrets: row.secrets.map((s) => toApiSecret(s, now)) };
}

/** GET /oidc/clients: one page of the clients within the caller's reach, oldest first. */
export const listClientsOperation = apiOperation({ permission: "clients.read" }, async ({ caller, url }) => {
  const reach = caller.principal.reach;
  const query = pageQueryOf(url);
  const { after, orderBy, skip, take } = pageArgs(query);
  const [total, rows] = await Promise.all([
    prisma.client.count({ where: clientsWithin(reach) }),
    prisma.client.findMany({ where: clientsWithin(reach, after), orderBy, skip, take, select: clientSelect }),
  ]);
  const page = pageOf(rows, query);
  const now = clock.now();
  return {
    clients: page.rows.map((row) => toApiClient(row, now)),
    total_size: total,
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
});

/** GET /oidc/clients/{id}: the client and its secrets (never their values or hashes). */
export const getClientOperation = apiOperation<IdParams>({ permission: "clients.read" }, ({ caller, params }) =>
  readClient(prisma, caller.principal.reach, params.id),
);

/**
 * The API's values as the shared mutation takes them: profile identifier → id, scope names → ids.
 * A context-bound caller's defaults are its own profile and context; the service refuses any other
 * (assertWithinReach).
 */
async function toClientValues(caller: Caller, values: ApiClientValues, db: Db | Tx = prisma): Promise<CreateClientValues> {
  const { reach, profile: ownProfile } = caller.principal;
  let profile = values.profile ?? (reach.kind === "context" ? ownProfile : ADMINISTRATOR_PROFILE);
  const profileContextId = values.profile_context_id !== undefined ? values.profile_context_id : reach.kind === "context" ? reach.profileContextId : null;
  profile = profile.trim();
  const found = await db.profile.findUnique({ where: { identifier: profile }, select: { id: true } });
  if (!found) throw invalidField("profile", `There is no profile "${profile}".`);

  const scopes = values.scopes.length ? await db.scope.findMany({ where: { name: { in: values.scopes } }, select: { id: true, name: true } }) : [];
  const unknown = [...new Set(values.scopes)].filter((name) => !scopes.some((s) => s.name === name));
  if (unknown.length) throw invalidField("scopes", `Unknown scope${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}.`);

  const settings = { ...(wireToSettings("rest", values) as ClientSettings), profileContextId };
  return { clientId: values.client_id ?? crypto.randomUUID(), ...settingsToValues(settings, { profileId: found.id, scopeIds: scopes.map((s) => s.id) }) };
}

/** POST /oidc/clients: creates the client; a confidential client's first secret is in the answer, once. */
export const createClientOperation = apiOperation(
  { permission: "clients.write", body: apiClientInputSchema, status: 201 },
  async ({ caller, body, url, mutate }) => {
    const values = await toClientValues(caller, body);
    return mutate((ctx) =>
      proposeOr202(ctx, url, async () => {
        const created = await createClientRecord(ctx, values);
        const { secrets: _secrets, ...client } = await readClient(ctx.tx, ctx.reach, created.id);
        return created.secret ? { ...client, client_secret: created.secret.value } : client;
      }),
    );
  },
);

const versionSchema = z.object({ version: z.number({ message: "Send the version as a whole number." }).int().min(1).optional() });

/** A `version` that is no longer the stored one: the API's words (the portal's form has its own). */
const staleVersion = (sent: number, stored?: number) =>
  new ApiError(
    409,
    "conflict",
    `The client changed after version ${sent}${stored ? ` (it is now at version ${stored})` : ""}. Read it again and send your change with its current version, or omit version to overwrite.`,
  );

/**
 * PUT /oidc/clients/{id} (the internal id): the body's fields over the stored client, checked with
 * the create rules. client_id cannot change. `version`, when sent, must still be the stored one
 * (else 409); omitted, the last write wins: the transaction first takes the client's row lock (an
 * update that changes nothing), so concurrent writers queue there, and each merges its body over
 * what the one before it saved — never a 409 from a race.
 */
export const updateClientOperation = apiOperation<IdParams, typeof anyObject>(
  { permission: "clients.write", body: anyObject },
  async ({ caller, params: { id }, body, url, mutate }) => {
    const reach = caller.principal.reach;
    const { version } = parseOr400(versionSchema, { version: body.version });
    return mutate(async (ctx) => {
      if (version === undefined) await ctx.tx.client.updateMany({ where: clientsWithin(reach, { id }), data: { version: { increment: 0 } } });
      const { secrets: _secrets, ...current } = await readClient(ctx.tx, reach, id);
      if (body.client_id !== undefined && body.client_id !== current.client_id) {
        throw invalidField("client_id", "client_id cannot change; create a new client instead.");
      }
      if (version !== undefined && version !== current.version) throw staleVersion(version, current.version);
      const merged = mergeOverStored(current, body);
      const { clientId: _clientId, ...values } = await toClientValues(caller, parseOr400(apiClientInputSchema, merged), ctx.tx);
      return proposeOr202(ctx, url, async () => {
        await updateClientRecord(ctx, { ...values, id, version: version ?? current.version }).catch((error: unknown) => {
          // A writer that saved between the read above and this write (the service's version check).
          throw error instanceof ConflictError && !(error instanceof ApprovalRequired) && version !== undefined ? staleVersion(version) : error;
        });
        return readClient(ctx.tx, reach, id);
      });
    });
  },
);

/** DELETE /oidc/clients/{id}: the client and all its secrets. */
export const deleteClientOperation = apiOperation<IdParams>({ permission: "clients.write" }, ({ params: { id }, url, mutate }) =>
  mutate((ctx) => proposeOr202(ctx, url, async () => void (await deleteClientRecord(ctx, id)))),
);

/** POST /oidc/clients/{id}/secrets: a new secret, its value in the answer this once. */
export const createClientSecretOperation = apiOperation<IdParams, typeof apiSecretInputSchema>(
  { permission: "clients.write", body: apiSecretInputSchema, status: 201 },
  ({ params: { id }, body, url, mutate }) =>
    mutate((ctx) =>
      proposeOr202(ctx, url, async () =>
        issuedApiSecret(await createClientSecretRecord(ctx, id, { description: body.description, expiresAt: body.expiration }).catch(inApiSecretTerms)),
      ),
    ),
);

/** DELETE /oidc/clients/{id}/secrets/{secretId}: revokes an active secret. */
export const revokeClientSecretOperation = apiOperation<SecretParams>({ permission: "clients.write" }, async ({ params: { id, secretId }, mutate }) => {
  await mutate((ctx) => revokeClientSecretRecord(ctx, id, secretId));
});

/**
 * POST /oidc/clients/{id}/secrets/{secretId}/rotate: the rotate action's mutation — a new secret (its
 * value in the answer this once), the old one retiring after grace_days. 409 when the secret is
 * revoked, expired or already retiring.
 */
export const rotateClientSecretOperation = apiOperation<SecretParams, typeof apiRotateSecretInputSchema>(
  { permission: "clients.write", body: apiRotateSecretInputSchema, optionalBody: true, status: 201 },
  ({ params: { id, secretId }, body, url, mutate }) =>
    mutate((ctx) =>
      proposeOr202(ctx, url, async () =>
        rotatedApiSecret(await rotateClientSecretRecord(ctx, id, { secretId, graceDays: body.grace_days, description: body.description })),
      ),
    ),
);
