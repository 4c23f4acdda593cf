"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { withReason } from "@/lib/change-requests/schema";
import { orPropose } from "@/lib/change-requests/service";
import {
  clientRefSchema,
  createClientSchema,
  createClientSecretSchema,
  deleteClientSchema,
  rotateClientSecretSchema,
  setClientEnabledSchema,
  updateClientSchema,
} from "./schema";
import {
  createClientRecord,
  createClientSecretRecord,
  deleteClientRecord,
  revokeClientSecretRecord,
  rotateClientSecretRecord,
  setClientEnabledRecord,
  updateClientRecord,
} from "./service";
import { addTrialRedirectUriRecord } from "./trial";
import { bulkClientChangeSchema, bulkClientExportSchema } from "./bulk-schema";
import { bulkChangeClientsRecord, exportClientsRecord } from "./bulk";

// The browser's client mutations: session, permission, validation and transaction come from
// adminAction; the mutation itself is the one in ./service.ts that the REST API calls too. On a
// governed profile (four-eyes, docs/decisions/030) a change becomes a change request with the
// optional `reason` (orPropose) and the answer is { proposed } instead.
/**
 * Creates a client. A confidential client (any token_endpoint_auth_method but none — so every
 * ClientCredentials client) gets its first secret, returned here once and never again.
 */
export const createClient = adminAction("clients.write", withReason(createClientSchema), async ({ reason, ...values }, ctx) =>
  orPropose(ctx, reason, async () => {
    const client = await createClientRecord(ctx, values);
    revalidatePath("/clients");
    return { id: client.id, clientId: client.clientId, secret: client.secret && { value: client.secret.value, hint: client.secret.hint } };
  }),
);

/**
 * Saves an edit. The form carries the version it was opened at; when someone saved in between, the
 * save is refused (optimistic concurrency) and the admin's edits stay in the form.
 */
export const updateClient = adminAction("clients.write", withReason(updateClientSchema), async ({ reason, ...values }, ctx) =>
  orPropose(ctx, reason, async () => {
    const result = await updateClientRecord(ctx, values);
    revalidatePath("/clients");
    revalidatePath(`/clients/${values.id}`);
    return result;
  }),
);

/** Disables or re-enables a client. */
export const setClientEnabled = adminAction("clients.write", withReason(setClientEnabledSchema), async ({ id, enabled, reason }, ctx) =>
  orPropose(ctx, reason, async () => {
    await setClientEnabledRecord(ctx, id, enabled);
    revalidatePath("/clients");
    revalidatePath(`/clients/${id}`);
    return null;
  }),
);

/** Deletes a client and, with it, all its secrets. */
export const deleteClient = adminAction("clients.write", withReason(deleteClientSchema), async ({ id, reason }, ctx) =>
  orPropose(ctx, reason, async () => {
    await deleteClientRecord(ctx, id);
    revalidatePath("/clients");
    return null;
  }),
);

/** Adds a secret to a client (rotation); its value is returned this once. */
export const createClientSecret = adminAction("clients.write", withReason(createClientSecretSchema), async ({ id, reason, ...input }, ctx) =>
  orPropose(ctx, reason, async () => {
    const secret = await createClientSecretRecord(ctx, id, input);
    revalidatePath(`/clients/${id}`);
    return { value: secret.value, hint: secret.hint, ownerLabel: secret.owner.label };
  }),
);

/**
 * Rotates a client's secret: a new secret, its value returned this once, and the old one retiring
 * after the grace (both work meanwhile).
 */
export const rotateClientSecret = adminAction("clients.write", withReason(rotateClientSecretSchema), async ({ id, reason, ...input }, ctx) =>
  orPropose(ctx, reason, async () => {
    const secret = await rotateClientSecretRecord(ctx, id, input);
    revalidatePath(`/clients/${id}`);
    return { value: secret.value, hint: secret.hint, ownerLabel: secret.owner.label, retiringUntil: secret.retiring.expiresAt.toISOString() };
  }),
);

/** Revokes one secret of a client (never governed: it takes power away, and an incident cannot wait). */
export const revokeClientSecret = adminAction("clients.write", clientRefSchema.extend({ secretId: z.string().min(1) }), async ({ id, secretId }, ctx) => {
  await revokeClientSecretRecord(ctx, id, secretId);
  revalidatePath(`/clients/${id}`);
  return null;
});

/** Adds the portal's "Try sign-in" redirect URI to a client, after the admin confirmed it. */
export const addTrialRedirectUri = adminAction("clients.write", clientRefSchema, async ({ id }, ctx) => {
  await addTrialRedirectUriRecord(ctx, id);
  revalidatePath(`/clients/${id}`);
  return null;
});

/**
 * A bulk action on the clients list (docs/decisions/031): disable, enable, assign a profile context,
 * rotate secrets or delete, on the ticked clients or on everything matching the list's filter, in
 * one transaction. Each client goes through its single action's service (its checks, its audit
 * event); a governed one becomes its own change request. New secrets come back this once.
 */
export const bulkChangeClients = adminAction(
  "clients.write",
  bulkClientChangeSchema,
  async (values, ctx) => {
    const outcome = await bulkChangeClientsRecord(ctx, values);
    revalidatePath("/clients");
    return outcome;
  },
  // 10,000 clients through their services take seconds, not Prisma's default 5 (bench/clients-list.mjs).
  { timeout: 120_000 },
);

/** The ticked clients, or every client the filter matches, as a portal JSON document (each export audited). */
export const exportClients = adminAction("configuration.export", bulkClientExportSchema, async ({ target }, ctx) => exportClientsRecord(ctx, target), {
  timeout: 60_000,
});
