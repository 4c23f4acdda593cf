import "server-only";
import { isUniqueViolation } from "@/lib/db/errors";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, NotFoundError } from "@/lib/actions/result";
import { auditedFields, createdChanges, deletedChanges, diffChanges } from "@/lib/audit/changes";
import type { Tx } from "@/lib/db/client";
import type { NewSecretRequest, RotateSecretValues } from "@/lib/secrets/schema";
import { issueSecret, revokeSecret, rotateSecret, type SecretOwner } from "@/lib/secrets/service";
import type { z } from "zod";
import { scopeSchema, type updateScopeSchema } from "./schema";

export type ScopeValues = z.output<typeof scopeSchema>;
export type UpdateScopeValues = z.output<typeof updateScopeSchema>;

// The scope mutations, one implementation each, shared by the server actions (./actions.ts) and the
// REST API operations (lib/api/scopes/operations.ts). Each receives the wrapper's ServiceContext and
// writes its audit events in its transaction. Scopes are outside any profile context: the wrappers'
// permission (scopes.write) already refuses a context-bound caller.

const FIELDS = auditedFields(scopeSchema);

const nameTaken = () => new ConflictError("Some fields need attention.", { name: ["A scope with this name already exists."] });

async function scopeOwner(tx: Tx, id: string): Promise<SecretOwner> {
  const scope = await tx.scope.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!scope) throw new NotFoundError("This scope no longer exists.");
  return { kind: "scope", id: scope.id, label: scope.name };
}

/** `imported`: written by a configuration import (audited as scope.imported). */
type Origin = { imported?: boolean };

export async function createScopeRecord({ tx, audit }: ServiceContext, values: ScopeValues, { imported = false }: Origin = {}) {
  if (await tx.scope.findUnique({ where: { name: values.name }, select: { id: true } })) throw nameTaken();
  const scope = await tx.scope.create({ data: values, select: { id: true, name: true } }).catch((e: unknown) => {
    throw isUniqueViolation(e) ? nameTaken() : e;
  });
  const changes = createdChanges(values, FIELDS);
  await audit({
    action: imported ? "scope.imported" : "scope.created",
    target: { type: "scope", id: scope.id, label: scope.name },
    changes: imported ? { result: "created", ...changes } : changes,
  });
  return { id: scope.id };
}

/** Saves a scope; a built-in scope keeps its name. */
export async function updateScopeRecord({ tx, audit }: ServiceContext, { id, ...values }: UpdateScopeValues, { imported = false }: Origin = {}) {
  const before = await tx.scope.findUnique({ where: { id } });
  if (!before) throw new NotFoundError("This scope no longer exists.");
  if (before.builtIn && values.name !== before.name) {
    throw new ActionError("Some fields need attention.", { name: [`"${before.name}" is built in; its name cannot change.`] });
  }
  if (values.name !== before.name && (await tx.scope.findUnique({ where: { name: values.name }, select: { id: true } }))) throw nameTaken();
  await tx.scope.update({ where: { id }, data: values });
  const changes = diffChanges(before, values, FIELDS);
  await audit({
    action: imported ? "scope.imported" : "scope.updated",
    target: { type: "scope", id, label: values.name },
    changes: imported ? { result: "updated", ...changes } : changes,
  });
}

/** Deletes a scope, refused for a built-in scope or while clients may request it. */
export async function deleteScopeRecord({ tx, audit }: ServiceContext, id: string) {
  const scope = await tx.scope.findUnique({ where: { id }, include: { _count: { select: { clients: true } } } });
  if (!scope) throw new NotFoundError("This scope no longer exists.");
  if (scope.builtIn) throw new ConflictError(`"${scope.name}" is a built-in scope and cannot be deleted.`);
  if (scope._count.clients > 0) {
    const users = await tx.clientScope.findMany({
      where: { scopeId: id },
      select: { client: { select: { clientId: true } } },
      orderBy: { client: { clientId: "asc" } },
      take: 5,
    });
    const names = users.map((u) => u.client.clientId).join(", ");
    const more = scope._count.clients > users.length ? ", …" : "";
    throw new ConflictError(
      `Scope "${scope.name}" is allowed for ${scope._count.clients} client${scope._count.clients === 1 ? "" : "s"} (${names}${more}). Remove it from them first.`,
    );
  }
  await tx.scope.delete({ where: { id } });
  await audit({ action: "scope.deleted", target: { type: "scope", id, label: scope.name }, changes: deletedChanges(scope, FIELDS) });
}

/** Adds a scope secret (used at the introspection endpoint); its value is returned this once. */
export async function createScopeSecretRecord(ctx: ServiceContext, id: string, input: NewSecretRequest) {
  const owner = await scopeOwner(ctx.tx, id);
  const secret = await issueSecret(ctx, owner, input);
  return { ...secret, owner };
}

/** Rotates a scope secret: a new one (its value returned this once), the old one retiring after the grace. */
export async function rotateScopeSecretRecord(ctx: ServiceContext, id: string, input: RotateSecretValues) {
  const owner = await scopeOwner(ctx.tx, id);
  return { ...(await rotateSecret(ctx, owner, input)), owner };
}

export async function revokeScopeSecretRecord(ctx: ServiceContext, id: string, secretId: string) {
  const owner = await scopeOwner(ctx.tx, id);
  if (!(await revokeSecret(ctx, owner, secretId))) {
    throw new NotFoundError("This secret is already revoked or no longer exists.");
  }
}
