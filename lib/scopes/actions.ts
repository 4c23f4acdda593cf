"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import type { Actor } from "@/lib/audit/audit";
import type { CurrentAdmin } from "@/lib/auth/session";
import { newSecretSchema } from "@/lib/secrets/schema";
import { scopeSchema, updateScopeSchema } from "./schema";
import { createScopeRecord, createScopeSecretRecord, deleteScopeRecord, revokeScopeSecretRecord, updateScopeRecord } from "./service";

// The browser's scope mutations; the mutation itself is the one in ./service.ts that the REST API calls too.

const actorOf = (admin: CurrentAdmin): Actor => ({ type: "admin", id: admin.id, label: admin.email });

export const createScope = adminAction(scopeSchema, async (values, { tx, admin }) => {
  const scope = await createScopeRecord(tx, actorOf(admin), values);
  revalidatePath("/scopes");
  return scope;
});

export const updateScope = adminAction(updateScopeSchema, async (values, { tx, admin }) => {
  await updateScopeRecord(tx, actorOf(admin), values);
  revalidatePath("/scopes");
  revalidatePath(`/scopes/${values.id}`);
  return null;
});

/** Deletes a scope, refused for a built-in scope or while clients may request it. */
export const deleteScope = adminAction(z.object({ id: z.string().min(1) }), async ({ id }, { tx, admin }) => {
  await deleteScopeRecord(tx, actorOf(admin), id);
  revalidatePath("/scopes");
  return null;
});

/** Adds a scope secret (used at the introspection endpoint); its value is returned this once. */
export const createScopeSecret = adminAction(z.object({ id: z.string().min(1) }).extend(newSecretSchema.shape), async ({ id, ...input }, { tx, admin }) => {
  const secret = await createScopeSecretRecord(tx, actorOf(admin), id, input);
  revalidatePath(`/scopes/${id}`);
  return { value: secret.value, hint: secret.hint, ownerLabel: secret.owner.label };
});

export const revokeScopeSecret = adminAction(z.object({ id: z.string().min(1), secretId: z.string().min(1) }), async ({ id, secretId }, { tx, admin }) => {
  await revokeScopeSecretRecord(tx, actorOf(admin), id, secretId);
  revalidatePath(`/scopes/${id}`);
  return null;
});
