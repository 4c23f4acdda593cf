import "server-only";
import { isUniqueViolation } from "@/lib/db/errors";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/actions/result";
import { diffChanges, type Change } from "@/lib/audit/audit";
import { assertGrantWithin, clientPower } from "@/lib/auth/power";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import type { Tx } from "@/lib/db/client";
import type { NewSecretValues } from "@/lib/secrets/schema";
import { issueSecret, revokeSecret, type SecretOwner } from "@/lib/secrets/service";
import { isConfidential, type CreateClientValues, type UpdateClientValues } from "./schema";

// The client mutations, one implementation each, shared by the server actions (lib/clients/actions.ts)
// and the REST API operations (lib/api/clients/operations.ts). Each receives the wrapper's
// ServiceContext and writes its audit events in its transaction. `ctx.reach` is the caller's scope of
// responsibility, ANDed into every read and write (clientsWithin), so a client outside it is simply
// not found; a context-bound caller's clients stay in its context, with its profile.

const AUDITED_FIELDS = [
  "displayName",
  "description",
  "redirectUris",
  "postLogoutRedirectUris",
  "flow",
  "idTokenSignedResponseAlg",
  "tokenEndpointAuthMethod",
  "profileId",
  "profileContextId",
  "adminApiRole",
  "expiresAt",
  "enabled",
] as const;

/**
 * A context-bound caller (admin or API client) keeps its clients in its own profile context and gives
 * them its own profile (or keeps the one a client already has). 403, not 400: the request is
 * well-formed but not allowed.
 */
export function assertWithinReach(reach: Reach, values: { profileId: string; profileContextId: number | null }, currentProfileId?: string) {
  if (reach.kind === "all") return;
  if (values.profileContextId !== reach.profileContextId) {
    throw new ForbiddenError(`You are bound to profile context ${reach.profileContextId}: your clients stay in that context.`);
  }
  if (values.profileId !== reach.profileId && values.profileId !== currentProfileId) {
    throw new ForbiddenError("You may give your clients only your own profile.");
  }
}

/** The profile, the profile context and the scopes must exist; the message lands on the field. */
async function checkReferences(tx: Tx, values: Pick<CreateClientValues, "profileId" | "profileContextId" | "scopeIds">) {
  const fieldErrors: Record<string, string[]> = {};
  if (values.scopeIds.length && (await tx.scope.count({ where: { id: { in: values.scopeIds } } })) !== values.scopeIds.length) {
    fieldErrors.scopeIds = ["A chosen scope no longer exists. Reload and choose again."];
  }
  if (!(await tx.profile.findUnique({ where: { id: values.profileId }, select: { id: true } }))) {
    fieldErrors.profileId = ["This profile no longer exists. Choose another."];
  }
  if (values.profileContextId !== null && !(await tx.profileContext.findUnique({ where: { id: values.profileContextId }, select: { id: true } }))) {
    fieldErrors.profileContextId = ["This profile context no longer exists. Choose another."];
  }
  if (Object.keys(fieldErrors).length) throw new ActionError("Some fields need attention.", fieldErrors);
}

const POWER_SELECT = { adminApiRole: true, profileId: true, profileContextId: true } as const;

/** A client more powerful than the caller is not theirs to change (no secret, no re-enabling, no edit). */
const assertMayChange = (ctx: ServiceContext, client: Parameters<typeof clientPower>[0]) => assertGrantWithin(ctx, clientPower(client), "This client holds");

/** The client whose secrets change, within reach and within the caller's power. */
async function clientOwner(ctx: ServiceContext, id: string): Promise<SecretOwner> {
  const client = await ctx.tx.client.findFirst({ where: clientsWithin(ctx.reach, { id }), select: { id: true, clientId: true, ...POWER_SELECT } });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertMayChange(ctx, client);
  return { kind: "client", id: client.id, label: client.clientId };
}

const taken = () => new ConflictError("Some fields need attention.", { clientId: ["A client with this client_id already exists."] });

async function scopeNames(tx: Tx, ids: string[]) {
  if (!ids.length) return [];
  return (await tx.scope.findMany({ where: { id: { in: ids } }, select: { name: true }, orderBy: { name: "asc" } })).map((s) => s.name);
}

/** The audit entry for the allowed scopes, by name; nothing when they did not change. */
function scopeChange(before: string[], after: string[]) {
  const from = [...before].sort();
  return JSON.stringify(from) === JSON.stringify(after) ? {} : { scopes: { from, to: after } };
}

/**
 * Creates a client. A confidential client (any token_endpoint_auth_method but none — so every
 * ClientCredentials client) gets its first secret, returned here once and never again.
 */
export async function createClientRecord(ctx: ServiceContext, { scopeIds, firstSecretDescription, ...values }: CreateClientValues) {
  const { tx, audit } = ctx;
  assertWithinReach(ctx.reach, values);
  await assertGrantWithin(ctx, clientPower(values), "This client would hold");
  await checkReferences(tx, { ...values, scopeIds });
  if (await tx.client.findUnique({ where: { clientId: values.clientId }, select: { id: true } })) throw taken();
  const client = await tx.client
    .create({ data: { ...values, scopes: { create: scopeIds.map((scopeId) => ({ scopeId })) } }, select: { id: true, clientId: true } })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
  await audit({
    action: "client.created",
    target: { type: "client", id: client.id, label: client.clientId },
    changes: { ...(await withProfileIdentifiers(tx, diffChanges({}, values, AUDITED_FIELDS))), ...scopeChange([], await scopeNames(tx, scopeIds)) },
  });
  const owner: SecretOwner = { kind: "client", id: client.id, label: client.clientId };
  const secret = isConfidential(values)
    ? await issueSecret(ctx, owner, { description: firstSecretDescription || "Initial secret", expiresAt: null })
    : null;
  return { id: client.id, clientId: client.clientId, secret: secret && { id: secret.id, value: secret.value, hint: secret.hint } };
}

/**
 * Saves an edit based on `version`; when someone saved in between, the save is refused
 * (optimistic concurrency).
 */
export async function updateClientRecord(ctx: ServiceContext, { id, version, scopeIds, ...values }: UpdateClientValues) {
  const { tx, reach, audit } = ctx;
  const before = await tx.client.findFirst({ where: clientsWithin(reach, { id }), include: { scopes: { select: { scope: { select: { name: true } } } } } });
  if (!before) throw new NotFoundError("This client no longer exists. It may have been deleted.");
  assertWithinReach(reach, values, before.profileId);
  await assertMayChange(ctx, before);
  await assertGrantWithin(ctx, clientPower(values), "This client would hold");
  await checkReferences(tx, { ...values, scopeIds });
  const { count } = await tx.client.updateMany({ where: clientsWithin(reach, { id, version }), data: { ...values, version: { increment: 1 } } });
  if (count === 0) {
    throw new ConflictError(
      "This client was changed by someone else since you opened it. Your edits are still here: copy what you need, then reload to see the latest version.",
    );
  }
  await tx.clientScope.deleteMany({ where: { clientInternalId: id } });
  await tx.clientScope.createMany({ data: scopeIds.map((scopeId) => ({ clientInternalId: id, scopeId })) });
  await audit({
    action: "client.updated",
    target: { type: "client", id, label: before.clientId },
    changes: {
      ...(await withProfileIdentifiers(tx, diffChanges(before, values, AUDITED_FIELDS))),
      ...scopeChange(before.scopes.map((s) => s.scope.name), await scopeNames(tx, scopeIds)),
    },
  });
  return { version: version + 1 };
}

/** The audit names the profile by its identifier (readable in the log), not by its internal id. */
async function withProfileIdentifiers(tx: Tx, changes: Record<string, Change>) {
  const change = changes.profileId;
  if (!change) return changes;
  const ids = [change.from, change.to].filter((v): v is string => typeof v === "string");
  const rows = await tx.profile.findMany({ where: { id: { in: ids } }, select: { id: true, identifier: true } });
  const identifier = (id: unknown) => rows.find((r) => r.id === id)?.identifier ?? id ?? null;
  const { profileId: _, ...rest } = changes;
  return { ...rest, profile: { from: identifier(change.from), to: identifier(change.to) } };
}

/** Disables or re-enables a client. */
export async function setClientEnabledRecord(ctx: ServiceContext, id: string, enabled: boolean) {
  const { tx, reach, audit } = ctx;
  const client = await tx.client.findFirst({ where: clientsWithin(reach, { id }), select: { clientId: true, enabled: true, ...POWER_SELECT } });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertMayChange(ctx, client);
  if (client.enabled !== enabled) {
    await tx.client.updateMany({ where: clientsWithin(reach, { id }), data: { enabled, version: { increment: 1 } } });
    await audit({
      action: enabled ? "client.enabled" : "client.disabled",
      target: { type: "client", id, label: client.clientId },
      changes: { enabled: { from: client.enabled, to: enabled } },
    });
  }
}

/** Deletes a client and, with it, all its secrets. */
export async function deleteClientRecord(ctx: ServiceContext, id: string) {
  const { tx, reach, audit } = ctx;
  const client = await tx.client.findFirst({ where: clientsWithin(reach, { id }), select: { clientId: true, _count: { select: { secrets: true } }, ...POWER_SELECT } });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertMayChange(ctx, client);
  const { count } = await tx.client.deleteMany({ where: clientsWithin(reach, { id }) });
  if (count === 0) throw new NotFoundError("This client no longer exists.");
  await audit({
    action: "client.deleted",
    target: { type: "client", id, label: client.clientId },
    changes: { secretsDeleted: client._count.secrets },
  });
}

/** Adds a secret to a client (rotation); its value is returned this once. */
export async function createClientSecretRecord(ctx: ServiceContext, id: string, input: NewSecretValues) {
  const owner = await clientOwner(ctx, id);
  const secret = await issueSecret(ctx, owner, input);
  return { ...secret, owner };
}

/** Revokes one active secret of a client. */
export async function revokeClientSecretRecord(ctx: ServiceContext, id: string, secretId: string) {
  const owner = await clientOwner(ctx, id);
  if (!(await revokeSecret(ctx, owner, secretId))) {
    throw new NotFoundError("This secret is already revoked or no longer exists.");
  }
}
