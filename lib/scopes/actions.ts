"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, isUniqueViolation } from "@/lib/actions/admin-action";
import { ActionError } from "@/lib/actions/result";
import { diffChanges } from "@/lib/audit/audit";
import type { Tx } from "@/lib/db/client";
import { newSecretSchema } from "@/lib/secrets/schema";
import { issueSecret, revokeSecret, type SecretOwner } from "@/lib/secrets/service";
import { scopeSchema, updateScopeSchema } from "./schema";

const FIELDS = ["name", "displayName", "description", "enabled"] as const;

const nameTaken = () => new ActionError("Some fields need attention.", { name: ["A scope with this name already exists."] });

async function scopeOwner(tx: Tx, id: string): Promise<SecretOwner> {
  const scope = await tx.scope.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!scope) throw new ActionError("This scope no longer exists.");
  return { kind: "scope", id: scope.id, label: scope.name };
}

export const createScope = adminAction(scopeSchema, async (values, { tx, audit }) => {
  if (await tx.scope.findUnique({ where: { name: values.name }, select: { id: true } })) throw nameTaken();
  const scope = await tx.scope.create({ data: values, select: { id: true, name: true } }).catch((e: unknown) => {
    throw isUniqueViolation(e) ? nameTaken() : e;
  });
  await audit({ action: "scope.created", target: { type: "scope", id: scope.id, label: scope.name }, changes: diffChanges({}, values, FIELDS) });
  revalidatePath("/scopes");
  return { id: scope.id };
});

export const updateScope = adminAction(updateScopeSchema, async ({ id, ...values }, { tx, audit }) => {
  const before = await tx.scope.findUnique({ where: { id } });
  if (!before) throw new ActionError("This scope no longer exists.");
  if (before.builtIn && values.name !== before.name) {
    throw new ActionError("Some fields need attention.", { name: [`"${before.name}" is built in; its name cannot change.`] });
  }
  if (values.name !== before.name && (await tx.scope.findUnique({ where: { name: values.name }, select: { id: true } }))) throw nameTaken();
  await tx.scope.update({ where: { id }, data: values });
  await audit({ action: "scope.updated", target: { type: "scope", id, label: values.name }, changes: diffChanges(before, values, FIELDS) });
  revalidatePath("/scopes");
  revalidatePath(`/scopes/${id}`);
  return null;
});

/** Deletes a scope, refused for a built-in scope or while clients may request it. */
export const deleteScope = adminAction(z.object({ id: z.string().min(1) }), async ({ id }, { tx, audit }) => {
  const scope = await tx.scope.findUnique({ where: { id }, select: { name: true, builtIn: true, _count: { select: { clients: true } } } });
  if (!scope) throw new ActionError("This scope no longer exists.");
  if (scope.builtIn) throw new ActionError(`"${scope.name}" is a built-in scope and cannot be deleted.`);
  if (scope._count.clients > 0) {
    const users = await tx.clientScope.findMany({ where: { scopeId: id }, select: { client: { select: { clientId: true } } }, orderBy: { client: { clientId: "asc" } }, take: 5 });
    const names = users.map((u) => u.client.clientId).join(", ");
    const more = scope._count.clients > users.length ? ", …" : "";
    throw new ActionError(
      `Scope "${scope.name}" is allowed for ${scope._count.clients} client${scope._count.clients === 1 ? "" : "s"} (${names}${more}). Remove it from them first.`,
    );
  }
  await tx.scope.delete({ where: { id } });
  await audit({ action: "scope.deleted", target: { type: "scope", id, label: scope.name } });
  revalidatePath("/scopes");
  return null;
});

/** Adds a scope secret (used at the introspection endpoint); its value is returned this once. */
export const createScopeSecret = adminAction(z.object({ id: z.string().min(1) }).extend(newSecretSchema.shape), async ({ id, ...input }, { tx, admin, audit }) => {
  const owner = await scopeOwner(tx, id);
  const secret = await issueSecret(tx, owner, input, admin.email, audit);
  revalidatePath(`/scopes/${id}`);
  return { value: secret.value, hint: secret.hint, ownerLabel: owner.label };
});

export const revokeScopeSecret = adminAction(z.object({ id: z.string().min(1), secretId: z.string().min(1) }), async ({ id, secretId }, { tx, admin, audit }) => {
  const owner = await scopeOwner(tx, id);
  if (!(await revokeSecret(tx, owner, secretId, admin.email, audit))) throw new ActionError("This secret is already revoked or no longer exists.");
  revalidatePath(`/scopes/${id}`);
  return null;
});
