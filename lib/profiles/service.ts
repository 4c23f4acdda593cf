import "server-only";
import type { z } from "zod";
import type { ServiceContext } from "@/lib/actions/context";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";
import { ActionError, ForbiddenError, NotFoundError, type FieldErrors } from "@/lib/actions/result";
import { actorPower } from "@/lib/auth/power";
import { auditedFields, createdChanges, deletedChanges, diffChanges } from "@/lib/audit/changes";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  deleteProfileContextSchema,
  deleteProfileSchema,
  profileContextSchema,
  profileSchema,
  updateProfileContextSchema,
  updateProfileSchema,
} from "./schema";

// The profile and profile-context mutations, called by ./actions.ts with the wrapper's ServiceContext.

const PROFILE_FIELDS = auditedFields(profileSchema);
type ProfileValues = z.output<typeof profileSchema>;
/** A context's id names it (the target), and never changes. */
const CONTEXT_FIELDS = auditedFields(profileContextSchema, ["id"]);
/** How many client ids a refusal names. */
const NAMED_CLIENTS = 5;

// ─── Messages ───────────────────────────────────────────────────────────────────────────────────

const identifierTaken = (identifier: string): FieldErrors => ({
  identifier: [`The identifier "${identifier}" is already used by another profile.`],
});
const contextIdTaken = (id: number): FieldErrors => ({ id: [`The Id ${id} is already used by another profile context.`] });
const categoryD0Taken = (category: string, d0: string): FieldErrors => ({
  d0: [`Category "${category}" already has a profile context with D0 "${d0}".`],
});

function contextLabel(context: { id: number; category: string; d0: string }) {
  return `${context.id} ${context.category}/${context.d0}`;
}

/** `used by 3 clients (a, b, c)`; at most NAMED_CLIENTS ids, then "…". */
function usedBy(count: number, clientIds: string[]) {
  const named = clientIds.slice(0, NAMED_CLIENTS).join(", ") + (count > NAMED_CLIENTS ? ", …" : "");
  return `is used by ${count} ${count === 1 ? "client" : "clients"} (${named})`;
}

/**
 * Deletes a profile or profile context (`remove`) that no client uses (`users`): refused while
 * some do, naming the first of them, and when one is assigned between the check and the delete.
 */
async function deleteUnused(tx: Tx, users: Prisma.ClientWhereInput, refusal: (detail: string) => ActionError, remove: () => Promise<unknown>) {
  const count = await tx.client.count({ where: users });
  if (count > 0) {
    const clients = await tx.client.findMany({ where: users, select: { clientId: true }, orderBy: { clientId: "asc" }, take: NAMED_CLIENTS });
    throw refusal(
      usedBy(
        count,
        clients.map((c) => c.clientId),
      ),
    );
  }
  try {
    await remove();
  } catch (error) {
    // A client assigned between the count and the delete: the database refuses (onDelete: Restrict).
    if (isForeignKeyViolation(error)) throw refusal("is used by clients");
    throw error;
  }
}

// ─── Prisma errors ──────────────────────────────────────────────────────────────────────────────

/** The columns of a violated unique constraint (driver adapters and the classic engine differ). */
function violatedFields(error: unknown): string[] {
  const meta = (error as { meta?: Record<string, unknown> }).meta ?? {};
  const cause = (meta.driverAdapterError as { cause?: { constraint?: { fields?: string[]; index?: string } } } | undefined)?.cause;
  if (cause?.constraint?.fields) return cause.constraint.fields.map((f) => f.replace(/"/g, ""));
  const target = meta.target ?? cause?.constraint?.index;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  return [];
}

// ─── Profiles ───────────────────────────────────────────────────────────────────────────────────

async function assertIdentifierFree(tx: Tx, identifier: string, exceptId?: string) {
  const other = await tx.profile.findUnique({ where: { identifier }, select: { id: true } });
  if (other && other.id !== exceptId) throw new ActionError("Some fields need attention.", identifierTaken(identifier));
}

/** `imported`: written by a configuration import (audited as profile.imported / profileContext.imported). */
type Origin = { imported?: boolean };
const auditedAs = (noun: string, verb: "created" | "updated", imported: boolean, changes: Record<string, unknown>) =>
  imported ? { action: `${noun}.imported`, changes: { result: verb, ...changes } } : { action: `${noun}.${verb}`, changes };

/**
 * Four-eyes approval binds Editors and Owners alike, so only an Owner (unbound, read in this
 * transaction) turns it on or off: an Editor who could turn it off would need no second person.
 */
async function assertMayGovern({ tx, actor }: Pick<ServiceContext, "tx" | "actor">) {
  const power = await actorPower(tx, actor);
  if (power.role !== "Owner" || power.reach.kind !== "all") {
    throw new ForbiddenError("Only an Owner turns a second person's approval on or off for a profile.");
  }
}

export async function createProfileRecord({ tx, actor, audit }: ServiceContext, input: ProfileValues, { imported = false }: Origin = {}) {
  if (input.requireApproval) await assertMayGovern({ tx, actor });
  await assertIdentifierFree(tx, input.identifier);
  let profile;
  try {
    profile = await tx.profile.create({ data: input, select: { id: true, identifier: true } });
  } catch (error) {
    // A concurrent create between the check and the insert.
    if (isUniqueViolation(error)) throw new ActionError("Some fields need attention.", identifierTaken(input.identifier));
    throw error;
  }
  await audit({
    target: { type: "profile", id: profile.id, label: profile.identifier },
    ...auditedAs("profile", "created", imported, createdChanges(input, PROFILE_FIELDS)),
  });
  return { id: profile.id };
}

export async function updateProfileRecord(
  { tx, actor, audit }: ServiceContext,
  { id, ...input }: ProfileValues & Pick<z.output<typeof updateProfileSchema>, "id">,
  { imported = false }: Origin = {},
) {
  const before = await tx.profile.findUnique({
    where: { id },
    select: { identifier: true, displayName: true, description: true, secretMaxDays: true, requireApproval: true },
  });
  if (!before) throw new NotFoundError("This profile no longer exists. Reload the page.");
  if (input.requireApproval === undefined) delete input.requireApproval;
  else if (input.requireApproval !== before.requireApproval) await assertMayGovern({ tx, actor });
  await assertIdentifierFree(tx, input.identifier, id);
  // No policy sent (an import): the stored one stays, and the audit says nothing of it.
  if (input.secretMaxDays === undefined) delete input.secretMaxDays;

  const changes = diffChanges(before, input, PROFILE_FIELDS);
  if (Object.keys(changes).length === 0) return { id };
  try {
    await tx.profile.update({ where: { id }, data: input });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError("Some fields need attention.", identifierTaken(input.identifier));
    throw error;
  }
  await audit({ target: { type: "profile", id, label: input.identifier }, ...auditedAs("profile", "updated", imported, changes) });
  return { id };
}

export async function deleteProfileRecord({ tx, audit }: ServiceContext, { id }: z.output<typeof deleteProfileSchema>) {
  const profile = await tx.profile.findUnique({ where: { id } });
  if (!profile) throw new NotFoundError("This profile no longer exists. Reload the page.");

  await deleteUnused(
    tx,
    { profileId: id },
    (detail) => new ActionError(`Profile "${profile.identifier}" ${detail}. Move them to another profile first.`),
    () => tx.profile.delete({ where: { id } }),
  );
  await audit({ action: "profile.deleted", target: { type: "profile", id, label: profile.identifier }, changes: deletedChanges(profile, PROFILE_FIELDS) });
  return null;
}

// ─── Profile contexts ───────────────────────────────────────────────────────────────────────────

/** The unique rules of a profile context, all at once: Id (on create) and (category, D0). */
async function assertContextFree(tx: Tx, input: { id: number; category: string; d0: string }, creating: boolean) {
  const fieldErrors: FieldErrors = {};
  if (creating && (await tx.profileContext.findUnique({ where: { id: input.id }, select: { id: true } }))) {
    Object.assign(fieldErrors, contextIdTaken(input.id));
  }
  const same = await tx.profileContext.findUnique({
    where: { category_d0: { category: input.category, d0: input.d0 } },
    select: { id: true },
  });
  if (same && (creating || same.id !== input.id)) Object.assign(fieldErrors, categoryD0Taken(input.category, input.d0));
  if (Object.keys(fieldErrors).length > 0) throw new ActionError("Some fields need attention.", fieldErrors);
}

function contextUniqueError(error: unknown, input: { id: number; category: string; d0: string }): ActionError {
  const fields = violatedFields(error);
  const onId = fields.includes("id") || fields.some((f) => /pkey|primary/i.test(f));
  return new ActionError("Some fields need attention.", onId ? contextIdTaken(input.id) : categoryD0Taken(input.category, input.d0));
}

export async function createProfileContextRecord(
  { tx, audit }: ServiceContext,
  input: z.output<typeof profileContextSchema>,
  { imported = false }: Origin = {},
) {
  await assertContextFree(tx, input, true);
  try {
    await tx.profileContext.create({ data: input });
  } catch (error) {
    if (isUniqueViolation(error)) throw contextUniqueError(error, input);
    throw error;
  }
  await audit({
    target: { type: "profileContext", id: String(input.id), label: contextLabel(input) },
    ...auditedAs("profileContext", "created", imported, createdChanges(input, CONTEXT_FIELDS)),
  });
  return { id: input.id };
}

export async function updateProfileContextRecord(
  { tx, audit }: ServiceContext,
  { id, ...input }: z.output<typeof updateProfileContextSchema>,
  { imported = false }: Origin = {},
) {
  const before = await tx.profileContext.findUnique({ where: { id }, select: { category: true, d0: true, description: true } });
  if (!before) throw new NotFoundError(`Profile context ${id} no longer exists. Reload the page.`);
  await assertContextFree(tx, { id, ...input }, false);

  const changes = diffChanges(before, input, CONTEXT_FIELDS);
  if (Object.keys(changes).length === 0) return { id };
  try {
    // The Id is never part of the update: clients and other systems refer to it.
    await tx.profileContext.update({ where: { id }, data: input });
  } catch (error) {
    if (isUniqueViolation(error)) throw contextUniqueError(error, { id, ...input });
    throw error;
  }
  await audit({
    target: { type: "profileContext", id: String(id), label: contextLabel({ id, ...input }) },
    ...auditedAs("profileContext", "updated", imported, changes),
  });
  return { id };
}

export async function deleteProfileContextRecord({ tx, audit }: ServiceContext, { id }: z.output<typeof deleteProfileContextSchema>) {
  const context = await tx.profileContext.findUnique({ where: { id }, select: { id: true, category: true, d0: true, description: true } });
  if (!context) throw new NotFoundError(`Profile context ${id} no longer exists. Reload the page.`);

  await deleteUnused(
    tx,
    { profileContextId: id },
    (detail) => new ActionError(`Profile context ${contextLabel(context)} ${detail}. Move them to another profile context first.`),
    () => tx.profileContext.delete({ where: { id } }),
  );
  await audit({
    action: "profileContext.deleted",
    target: { type: "profileContext", id: String(id), label: contextLabel(context) },
    changes: deletedChanges(context, CONTEXT_FIELDS),
  });
  return null;
}
