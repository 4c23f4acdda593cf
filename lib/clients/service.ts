import "server-only";
import { isUniqueViolation } from "@/lib/db/errors";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/actions/result";
import { assertGrantWithin, clientPower } from "@/lib/auth/power";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import type { Tx } from "@/lib/db/client";
import { gateChange } from "@/lib/change-requests/gate";
import type { NewSecretRequest, RotateSecretValues } from "@/lib/secrets/schema";
import { checkedExpiry, issueSecret, revokeSecret, rotatableSecret, rotateSecret, type SecretOwner } from "@/lib/secrets/service";
import { CLIENT_SETTING_KEYS, diffSettings, rowToSettings, settingsToFormInput, valuesToSettings, type ClientSettings, type ClientValues } from "./model";
import { writeClientLookups } from "./lookups";
import { isConfidential, type CreateClientValues, type UpdateClientValues } from "./schema";

// The client mutations, one implementation each, shared by the server actions (lib/clients/actions.ts)
// and the REST API operations (lib/api/clients/operations.ts). Each receives the wrapper's
// ServiceContext and writes its audit events in its transaction. `ctx.reach` is the caller's scope of
// responsibility, ANDed into every read and write (clientsWithin), so a client outside it is simply
// not found; a context-bound caller's clients stay in its context, with its profile. On a governed
// profile each mutation, once its checks pass and before it writes, meets the four-eyes fence
// (gateChange, lib/change-requests/gate.ts): the change becomes a proposal instead.

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

/** Values as the client form's schema takes them (a change request's payload, re-parsed at approval). */
function formInputOf({ profileId, scopeIds, ...settings }: ClientValues) {
  return settingsToFormInput(settings, { profileId, scopeIds });
}

/** A client more powerful than the caller is not theirs to change (no secret, no re-enabling, no edit). */
const assertMayChange = (ctx: ServiceContext, client: Parameters<typeof clientPower>[0]) => assertGrantWithin(ctx, clientPower(client), "This client holds");

/** The client whose secrets change, within reach and within the caller's power. */
async function clientOwner(ctx: ServiceContext, id: string) {
  const client = await ctx.tx.client.findFirst({
    where: clientsWithin(ctx.reach, { id }),
    select: { id: true, clientId: true, version: true, ...POWER_SELECT },
  });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertMayChange(ctx, client);
  const owner: SecretOwner = { kind: "client", id: client.id, label: client.clientId };
  return { owner, client };
}

const taken = () => new ConflictError("Some fields need attention.", { clientId: ["A client with this client_id already exists."] });

/** The values with their references named, as the audit log (and every document) shows them. */
async function settingsOf(tx: Tx, values: ClientValues): Promise<ClientSettings> {
  const [profile, scopes] = await Promise.all([
    tx.profile.findUnique({ where: { id: values.profileId }, select: { identifier: true } }),
    values.scopeIds.length ? tx.scope.findMany({ where: { id: { in: values.scopeIds } }, select: { name: true } }) : [],
  ]);
  return valuesToSettings(values, { profile: profile?.identifier ?? values.profileId, scopes: scopes.map((s) => s.name) });
}

const ROW_REFS = { profile: { select: { identifier: true } }, scopes: { select: { scope: { select: { name: true } } } } } as const;

/**
 * How a configuration import writes a client: audited as client.imported, with no first secret (it
 * brings its secrets' hashes) and, from a portal JSON, the creation instant it was exported with.
 */
type ImportOrigin = { imported?: boolean; createdAt?: Date };

/**
 * Creates a client. A confidential client (any token_endpoint_auth_method but none — so every
 * ClientCredentials client) gets its first secret, returned here once and never again, expiring as
 * its profile's secret policy says by default (lib/secrets/policy.ts).
 */
export async function createClientRecord(
  ctx: ServiceContext,
  { scopeIds, firstSecretDescription, ...values }: CreateClientValues,
  { imported = false, createdAt }: ImportOrigin = {},
) {
  const { tx, audit } = ctx;
  assertWithinReach(ctx.reach, values);
  await assertGrantWithin(ctx, clientPower(values), "This client would hold");
  await checkReferences(tx, { ...values, scopeIds });
  if (await tx.client.findUnique({ where: { clientId: values.clientId }, select: { id: true } })) throw taken();
  await gateChange(ctx, [values.profileId], async () => ({
    kind: "create",
    clientInternalId: null,
    clientLabel: values.clientId,
    profileContextId: values.profileContextId,
    payload: { clientId: values.clientId, ...formInputOf({ ...values, scopeIds }), ...(firstSecretDescription ? { firstSecretDescription } : {}) },
    diff: diffSettings(null, await settingsOf(tx, { ...values, scopeIds })),
    baseVersion: null,
    powers: [clientPower(values)],
  }));
  const client = await tx.client
    .create({
      data: { ...values, ...(createdAt ? { createdAt } : {}), scopes: { create: scopeIds.map((scopeId) => ({ scopeId })) } },
      select: { id: true, clientId: true },
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
  await writeClientLookups(tx, client.id, values);
  const changes = diffSettings(null, await settingsOf(tx, { ...values, scopeIds }));
  await audit({
    action: imported ? "client.imported" : "client.created",
    target: { type: "client", id: client.id, label: client.clientId },
    changes: imported ? { result: "created", ...changes } : changes,
  });
  const owner: SecretOwner = { kind: "client", id: client.id, label: client.clientId };
  const secret =
    isConfidential(values) && !imported
      ? await issueSecret(ctx, owner, { description: firstSecretDescription || "Initial secret", expiresAt: undefined })
      : null;
  return { id: client.id, clientId: client.clientId, secret: secret && { id: secret.id, value: secret.value, hint: secret.hint } };
}

const CHANGED_SINCE =
  "This client was changed by someone else since you opened it. Your edits are still here: copy what you need, then reload to see the latest version.";

/**
 * Saves an edit based on `version`; when someone saved in between, the save is refused
 * (optimistic concurrency).
 */
export async function updateClientRecord(
  ctx: ServiceContext,
  { id, version, scopeIds, ...values }: UpdateClientValues,
  { imported = false }: ImportOrigin = {},
) {
  const { tx, reach, audit } = ctx;
  const before = await tx.client.findFirst({ where: clientsWithin(reach, { id }), include: ROW_REFS });
  if (!before) throw new NotFoundError("This client no longer exists. It may have been deleted.");
  assertWithinReach(reach, values, before.profileId);
  await assertMayChange(ctx, before);
  await assertGrantWithin(ctx, clientPower(values), "This client would hold");
  await checkReferences(tx, { ...values, scopeIds });
  if (before.version !== version) throw new ConflictError(CHANGED_SINCE);
  await gateChange(ctx, [before.profileId, values.profileId], async () => ({
    kind: "update",
    clientInternalId: id,
    clientLabel: before.clientId,
    profileContextId: before.profileContextId,
    payload: { id, version, ...formInputOf({ ...values, scopeIds }) },
    diff: diffSettings(rowToSettings(before), await settingsOf(tx, { ...values, scopeIds })),
    baseVersion: version,
    powers: [clientPower(before), clientPower(values)],
  }));
  const { count } = await tx.client.updateMany({ where: clientsWithin(reach, { id, version }), data: { ...values, version: { increment: 1 } } });
  if (count === 0) throw new ConflictError(CHANGED_SINCE);
  await tx.clientScope.deleteMany({ where: { clientInternalId: id } });
  await tx.clientScope.createMany({ data: scopeIds.map((scopeId) => ({ clientInternalId: id, scopeId })) });
  await writeClientLookups(tx, id, values);
  const changes = diffSettings(rowToSettings(before), await settingsOf(tx, { ...values, scopeIds }));
  await audit({
    action: imported ? "client.imported" : "client.updated",
    target: { type: "client", id, label: before.clientId },
    changes: imported ? { result: "updated", ...changes } : changes,
  });
  return { version: version + 1 };
}

/** Disables or re-enables a client. */
export async function setClientEnabledRecord(ctx: ServiceContext, id: string, enabled: boolean) {
  const { tx, reach, audit } = ctx;
  const client = await tx.client.findFirst({
    where: clientsWithin(reach, { id }),
    select: { clientId: true, enabled: true, version: true, ...POWER_SELECT },
  });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertMayChange(ctx, client);
  if (client.enabled !== enabled) {
    await gateChange(ctx, [client.profileId], async () => ({
      kind: enabled ? "enable" : "disable",
      clientInternalId: id,
      clientLabel: client.clientId,
      profileContextId: client.profileContextId,
      payload: { id, enabled },
      diff: { enabled: { from: client.enabled, to: enabled } },
      baseVersion: client.version,
      powers: [clientPower(client)],
    }));
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
  const client = await tx.client.findFirst({
    where: clientsWithin(reach, { id }),
    include: { ...ROW_REFS, _count: { select: { secrets: true } } },
  });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertMayChange(ctx, client);
  // What it was, field by field (every setting to none), as the other objects' deletions.
  const changes = diffSettings(rowToSettings(client), Object.fromEntries(CLIENT_SETTING_KEYS.map((k) => [k, null])));
  await gateChange(ctx, [client.profileId], async () => ({
    kind: "delete",
    clientInternalId: id,
    clientLabel: client.clientId,
    profileContextId: client.profileContextId,
    payload: { id },
    diff: changes,
    baseVersion: client.version,
    powers: [clientPower(client)],
  }));
  const { count } = await tx.client.deleteMany({ where: clientsWithin(reach, { id }) });
  if (count === 0) throw new NotFoundError("This client no longer exists.");
  await audit({
    action: "client.deleted",
    target: { type: "client", id, label: client.clientId },
    changes: { ...changes, secretsDeleted: client._count.secrets },
  });
}

/** Adds a secret to a client (rotation); its value is returned this once. */
export async function createClientSecretRecord(ctx: ServiceContext, id: string, input: NewSecretRequest) {
  const { owner, client } = await clientOwner(ctx, id);
  await gateChange(ctx, [client.profileId], async () => {
    // The policy's refusal now, as the direct change would say it; the approval checks it again.
    await checkedExpiry(ctx.tx, owner, input.expiresAt, new Date());
    return {
      kind: "newSecret",
      clientInternalId: id,
      clientLabel: client.clientId,
      profileContextId: client.profileContextId,
      payload: { id, description: input.description, expiresAt: input.expiresAt?.toISOString() ?? null },
      diff: {},
      baseVersion: client.version,
      powers: [clientPower(client)],
    };
  });
  const secret = await issueSecret(ctx, owner, input);
  return { ...secret, owner };
}

/** Rotates a client's secret: a new one (its value returned this once), the old one retiring after the grace. */
export async function rotateClientSecretRecord(ctx: ServiceContext, id: string, input: RotateSecretValues) {
  const { owner, client } = await clientOwner(ctx, id);
  await gateChange(ctx, [client.profileId], async () => {
    await rotatableSecret(ctx.tx, owner, input.secretId, new Date());
    return {
      kind: "rotate",
      clientInternalId: id,
      clientLabel: client.clientId,
      profileContextId: client.profileContextId,
      payload: { id, ...input },
      diff: {},
      baseVersion: client.version,
      powers: [clientPower(client)],
    };
  });
  return { ...(await rotateSecret(ctx, owner, input)), owner };
}

/** Revokes one active secret of a client. */
export async function revokeClientSecretRecord(ctx: ServiceContext, id: string, secretId: string) {
  // Not governed: revoking takes power away, and in an incident it cannot wait for a second person.
  const { owner } = await clientOwner(ctx, id);
  if (!(await revokeSecret(ctx, owner, secretId))) {
    throw new NotFoundError("This secret is already revoked or no longer exists.");
  }
}
