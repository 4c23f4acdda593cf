"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import type { Actor } from "@/lib/audit/audit";
import type { CurrentAdmin } from "@/lib/auth/session";
import { newSecretSchema } from "@/lib/secrets/schema";
import { createClientSchema, updateClientSchema } from "./schema";
import {
  createClientRecord,
  createClientSecretRecord,
  deleteClientRecord,
  revokeClientSecretRecord,
  setClientEnabledRecord,
  updateClientRecord,
} from "./service";

// The browser's client mutations: session, validation and transaction come from adminAction; the
// mutation itself is the one in ./service.ts that the REST API calls too.

const actorOf = (admin: CurrentAdmin): Actor => ({ type: "admin", id: admin.id, label: admin.email });

/**
 * Creates a client. A confidential client (any token_endpoint_auth_method but none — so every
 * ClientCredentials client) gets its first secret, returned here once and never again.
 */
export const createClient = adminAction(createClientSchema, async (values, { tx, admin }) => {
  const client = await createClientRecord(tx, actorOf(admin), values);
  revalidatePath("/clients");
  return { id: client.id, clientId: client.clientId, secret: client.secret && { value: client.secret.value, hint: client.secret.hint } };
});

/**
 * Saves an edit. The form carries the version it was opened at; when someone saved in between, the
 * save is refused (optimistic concurrency) and the admin's edits stay in the form.
 */
export const updateClient = adminAction(updateClientSchema, async (values, { tx, admin }) => {
  const result = await updateClientRecord(tx, actorOf(admin), values);
  revalidatePath("/clients");
  revalidatePath(`/clients/${values.id}`);
  return result;
});

const idSchema = z.object({ id: z.string().min(1) });

/** Disables or re-enables a client. */
export const setClientEnabled = adminAction(idSchema.extend({ enabled: z.boolean() }), async ({ id, enabled }, { tx, admin }) => {
  await setClientEnabledRecord(tx, actorOf(admin), id, enabled);
  revalidatePath("/clients");
  revalidatePath(`/clients/${id}`);
  return null;
});

/** Deletes a client and, with it, all its secrets. */
export const deleteClient = adminAction(idSchema, async ({ id }, { tx, admin }) => {
  await deleteClientRecord(tx, actorOf(admin), id);
  revalidatePath("/clients");
  return null;
});

/** Adds a secret to a client (rotation); its value is returned this once. */
export const createClientSecret = adminAction(idSchema.extend(newSecretSchema.shape), async ({ id, ...input }, { tx, admin }) => {
  const secret = await createClientSecretRecord(tx, actorOf(admin), id, input);
  revalidatePath(`/clients/${id}`);
  return { value: secret.value, hint: secret.hint, ownerLabel: secret.owner.label };
});

/** Revokes one secret of a client. */
export const revokeClientSecret = adminAction(idSchema.extend({ secretId: z.string().min(1) }), async ({ id, secretId }, { tx, admin }) => {
  await revokeClientSecretRecord(tx, actorOf(admin), id, secretId);
  revalidatePath(`/clients/${id}`);
  return null;
});
