import "server-only";
import { isUniqueViolation } from "@/lib/db/errors";
import { ActionError } from "@/lib/actions/result";
import { ConflictError, NotFoundError } from "@/lib/api/errors";
import { diffChanges, recordAudit, type Actor, type AuditInput, type Change } from "@/lib/audit/audit";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { NewSecretValues } from "@/lib/secrets/schema";
import { issueSecret, revokeSecret, type SecretOwner } from "@/lib/secrets/service";
import { isConfidential, type CreateClientValues, type UpdateClientValues } from "./schema";

// The client mutations, one implementation each, shared by the server actions (lib/clients/actions.ts)
// and the REST API (lib/api/clients). Each takes the caller's transaction and actor and writes its
// audit events in that transaction. `reach` is the caller's scope of responsibility: a where clause
// ANDed into every read and write ({} for an admin, { profileContextId } for a context-bound API
// client), so a client outside it is simply not found.

/** Which clients a caller may see and change. */
export type ClientReach = Prisma.ClientWhereInput;

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
  "expiresAt",
  "enabled",
] as const;

const auditWith = (tx: Tx, actor: Actor) => (event: AuditInput) => recordAudit(tx, actor, event);

const within = (reach: ClientReach, where: Prisma.ClientWhereInput): Prisma.ClientWhereInput => ({ AND: [where, reach] });

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

async function clientOwner(tx: Tx, id: string, reach: ClientReach): Promise<SecretOwner> {
  const client = await tx.client.findFirst({ where: within(reach, { id }), select: { id: true, clientId: true } });
  if (!client) throw new NotFoundError("This client no longer exists.");
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
export async function createClientRecord(tx: Tx, actor: Actor, { scopeIds, ...values }: CreateClientValues) {
  const audit = auditWith(tx, actor);
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
    ? await issueSecret(tx, owner, { description: "Initial secret", expiresAt: null }, actor.label, audit)
    : null;
  return { id: client.id, clientId: client.clientId, secret: secret && { id: secret.id, value: secret.value, hint: secret.hint } };
}

/**
 * Saves an edit based on `version`; when someone saved in between, the save is refused
 * (optimistic concurrency).
 */
export async function updateClientRecord(tx: Tx, actor: Actor, { id, version, scopeIds, ...values }: UpdateClientValues, reach: ClientReach = {}) {
  const before = await tx.client.findFirst({ where: within(reach, { id }), include: { scopes: { select: { scope: { select: { name: true } } } } } });
  if (!before) throw new NotFoundError("This client no longer exists. It may have been deleted.");
  await checkReferences(tx, { ...values, scopeIds });
  const { count } = await tx.client.updateMany({ where: within(reach, { id, version }), data: { ...values, version: { increment: 1 } } });
  if (count === 0) {
    throw new ConflictError(
      "This client was changed by someone else since you opened it. Your edits are still here: copy what you need, then reload to see the latest version.",
    );
  }
  await tx.clientScope.deleteMany({ where: { clientInternalId: id } });
  await tx.clientScope.createMany({ data: scopeIds.map((scopeId) => ({ clientInternalId: id, scopeId })) });
  await auditWith(tx, actor)({
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
export async function setClientEnabledRecord(tx: Tx, actor: Actor, id: string, enabled: boolean, reach: ClientReach = {}) {
  const client = await tx.client.findFirst({ where: within(reach, { id }), select: { clientId: true, enabled: true } });
  if (!client) throw new NotFoundError("This client no longer exists.");
  if (client.enabled !== enabled) {
    await tx.client.updateMany({ where: within(reach, { id }), data: { enabled, version: { increment: 1 } } });
    await auditWith(tx, actor)({
      action: enabled ? "client.enabled" : "client.disabled",
      target: { type: "client", id, label: client.clientId },
      changes: { enabled: { from: client.enabled, to: enabled } },
    });
  }
}

/** Deletes a client and, with it, all its secrets. */
export async function deleteClientRecord(tx: Tx, actor: Actor, id: string, reach: ClientReach = {}) {
  const client = await tx.client.findFirst({ where: within(reach, { id }), select: { clientId: true, _count: { select: { secrets: true } } } });
  if (!client) throw new NotFoundError("This client no longer exists.");
  const { count } = await tx.client.deleteMany({ where: within(reach, { id }) });
  if (count === 0) throw new NotFoundError("This client no longer exists.");
  await auditWith(tx, actor)({
    action: "client.deleted",
    target: { type: "client", id, label: client.clientId },
    changes: { secretsDeleted: client._count.secrets },
  });
}

/** Adds a secret to a client (rotation); its value is returned this once. */
export async function createClientSecretRecord(tx: Tx, actor: Actor, id: string, input: NewSecretValues, reach: ClientReach = {}) {
  const owner = await clientOwner(tx, id, reach);
  const secret = await issueSecret(tx, owner, input, actor.label, auditWith(tx, actor));
  return { ...secret, owner };
}

/** Revokes one active secret of a client. */
export async function revokeClientSecretRecord(tx: Tx, actor: Actor, id: string, secretId: string, reach: ClientReach = {}) {
  const owner = await clientOwner(tx, id, reach);
  if (!(await revokeSecret(tx, owner, secretId, actor.label, auditWith(tx, actor)))) {
    throw new NotFoundError("This secret is already revoked or no longer exists.");
  }
}
