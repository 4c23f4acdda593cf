"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { newSecretSchema, rotateSecretSchema } from "@/lib/secrets/schema";
import { scopeSchema, updateScopeSchema } from "./schema";
import { createScopeRecord, createScopeSecretRecord, deleteScopeRecord, revokeScopeSecretRecord, rotateScopeSecretRecord, updateScopeRecord } from "./service";

// The browser's scope mutations; the mutation itself is the one in ./service.ts that the REST API calls too.

export const createScope = adminAction("scopes.write", scopeSchema, async (values, ctx) => {
  const scope = await createScopeRecord(ctx, values);
  revalidatePath("/scopes");
  return scope;
});

export const updateScope = adminAction("scopes.write", updateScopeSchema, async (values, ctx) => {
  await updateScopeRecord(ctx, values);
  revalidatePath("/scopes");
  revalidatePath(`/scopes/${values.id}`);
  return null;
});

/** Deletes a scope, refused for a built-in scope or while clients may request it. */
export const deleteScope = adminAction("scopes.write", z.object({ id: z.string().min(1) }), async ({ id }, ctx) => {
  await deleteScopeRecord(ctx, id);
  revalidatePath("/scopes");
  return null;
});

/** Adds a scope secret (used at the introspection endpoint); its value is returned this once. */
export const createScopeSecret = adminAction(
  "scopes.write",
  z.object({ id: z.string().min(1) }).extend(newSecretSchema.shape),
  async ({ id, ...input }, ctx) => {
    const secret = await createScopeSecretRecord(ctx, id, input);
    revalidatePath(`/scopes/${id}`);
    return { value: secret.value, hint: secret.hint, ownerLabel: secret.owner.label };
  },
);

/** Rotates a scope secret: a new one, its value returned this once, the old one retiring after the grace. */
export const rotateScopeSecret = adminAction(
  "scopes.write",
  z.object({ id: z.string().min(1) }).extend(rotateSecretSchema.shape),
  async ({ id, ...input }, ctx) => {
    const secret = await rotateScopeSecretRecord(ctx, id, input);
    revalidatePath(`/scopes/${id}`);
    return { value: secret.value, hint: secret.hint, ownerLabel: secret.owner.label, retiringUntil: secret.retiring.expiresAt.toISOString() };
  },
);

export const revokeScopeSecret = adminAction(
  "scopes.write",
  z.object({ id: z.string().min(1), secretId: z.string().min(1) }),
  async ({ id, secretId }, ctx) => {
    await revokeScopeSecretRecord(ctx, id, secretId);
    revalidatePath(`/scopes/${id}`);
    return null;
  },
);
