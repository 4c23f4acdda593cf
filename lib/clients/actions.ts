"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, isUniqueViolation } from "@/lib/actions/admin-action";
import { ActionError } from "@/lib/actions/result";
import { diffChanges } from "@/lib/audit/audit";
import type { Tx } from "@/lib/db/client";
import { newSecretSchema } from "@/lib/secrets/schema";
import { issueSecret, revokeSecret, type SecretOwner } from "@/lib/secrets/service";
import { createClientSchema, isConfidential, updateClientSchema, type CreateClientValues } from "./schema";

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

async function clientOwner(tx: Tx, id: string): Promise<SecretOwner> {
  const client = await tx.client.findUnique({ where: { id }, select: { id: true, clientId: true } });
  if (!client) throw new ActionError("This client no longer exists.");
  return { kind: "client", id: client.id, label: client.clientId };
}

const taken = () => new ActionError("Some fields need attention.", { clientId: ["A client with this client_id already exists."] });

/**
 * Creates a client. A confidential client (any token_endpoint_auth_method but none — so every
 * ClientCredentials client) gets its first secret, returned here once and never again.
 */
export const createClient = adminAction(createClientSchema, async ({ scopeIds, ...values }, { tx, admin, audit }) => {
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
    changes: { ...diffChanges({}, values, AUDITED_FIELDS), ...scopeChange([], await scopeNames(tx, scopeIds)) },
  });
  const owner: SecretOwner = { kind: "client", id: client.id, label: client.clientId };
  const secret = isConfidential(values)
    ? await issueSecret(tx, owner, { description: "Initial secret", expiresAt: null }, admin.email, audit)
    : null;
  revalidatePath("/clients");
  return { id: client.id, clientId: client.clientId, secret: secret && { value: secret.value, hint: secret.hint } };
});

/**
 * Saves an edit. The form carries the version it was opened at; when someone saved in between, the
 * save is refused (optimistic concurrency) and the admin's edits stay in the form.
 */
export const updateClient = adminAction(updateClientSchema, async ({ id, version, scopeIds, ...values }, { tx, audit }) => {
  const before = await tx.client.findUnique({ where: { id }, include: { scopes: { select: { scope: { select: { name: true } } } } } });
  if (!before) throw new ActionError("This client no longer exists. It may have been deleted.");
  await checkReferences(tx, { ...values, scopeIds });
  const { count } = await tx.client.updateMany({ where: { id, version }, data: { ...values, version: { increment: 1 } } });
  if (count === 0) {
    throw new ActionError(
      "This client was changed by someone else since you opened it. Your edits are still here: copy what you need, then reload to see the latest version.",
    );
  }
  await tx.clientScope.deleteMany({ where: { clientInternalId: id } });
  await tx.clientScope.createMany({ data: scopeIds.map((scopeId) => ({ clientInternalId: id, scopeId })) });
  await audit({
    action: "client.updated",
    target: { type: "client", id, label: before.clientId },
    changes: {
      ...diffChanges(before, values, AUDITED_FIELDS),
      ...scopeChange(before.scopes.map((s) => s.scope.name), await scopeNames(tx, scopeIds)),
    },
  });
  revalidatePath("/clients");
  revalidatePath(`/clients/${id}`);
  return { version: version + 1 };
});

async function scopeNames(tx: Tx, ids: string[]) {
  if (!ids.length) return [];
  return (await tx.scope.findMany({ where: { id: { in: ids } }, select: { name: true }, orderBy: { name: "asc" } })).map((s) => s.name);
}

/** The audit entry for the allowed scopes, by name; nothing when they did not change. */
function scopeChange(before: string[], after: string[]) {
  const from = [...before].sort();
  return JSON.stringify(from) === JSON.stringify(after) ? {} : { scopes: { from, to: after } };
}

const idSchema = z.object({ id: z.string().min(1) });

/** Disables or re-enables a client. */
export const setClientEnabled = adminAction(idSchema.extend({ enabled: z.boolean() }), async ({ id, enabled }, { tx, audit }) => {
  const client = await tx.client.findUnique({ where: { id }, select: { clientId: true, enabled: true } });
  if (!client) throw new ActionError("This client no longer exists.");
  if (client.enabled !== enabled) {
    await tx.client.update({ where: { id }, data: { enabled, version: { increment: 1 } } });
    await audit({
      action: enabled ? "client.enabled" : "client.disabled",
      target: { type: "client", id, label: client.clientId },
      changes: { enabled: { from: client.enabled, to: enabled } },
    });
  }
  revalidatePath("/clients");
  revalidatePath(`/clients/${id}`);
  return null;
});

/** Deletes a client and, with it, all its secrets. */
export const deleteClient = adminAction(idSchema, async ({ id }, { tx, audit }) => {
  const client = await tx.client.findUnique({ where: { id }, select: { clientId: true, _count: { select: { secrets: true } } } });
  if (!client) throw new ActionError("This client no longer exists.");
  await tx.client.delete({ where: { id } });
  await audit({
    action: "client.deleted",
    target: { type: "client", id, label: client.clientId },
    changes: { secretsDeleted: client._count.secrets },
  });
  revalidatePath("/clients");
  return null;
});

/** Adds a secret to a client (rotation); its value is returned this once. */
export const createClientSecret = adminAction(idSchema.extend(newSecretSchema.shape), async ({ id, ...input }, { tx, admin, audit }) => {
  const owner = await clientOwner(tx, id);
  const secret = await issueSecret(tx, owner, input, admin.email, audit);
  revalidatePath(`/clients/${id}`);
  return { value: secret.value, hint: secret.hint, ownerLabel: owner.label };
});

/** Revokes one secret of a client. */
export const revokeClientSecret = adminAction(idSchema.extend({ secretId: z.string().min(1) }), async ({ id, secretId }, { tx, admin, audit }) => {
  const owner = await clientOwner(tx, id);
  if (!(await revokeSecret(tx, owner, secretId, admin.email, audit))) {
    throw new ActionError("This secret is already revoked or no longer exists.");
  }
  revalidatePath(`/clients/${id}`);
  return null;
});
