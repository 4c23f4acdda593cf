"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { isUniqueViolation } from "@/lib/db/errors";
import { ActionError, type ActionResult } from "@/lib/actions/result";
import { diffChanges } from "@/lib/audit/audit";
import type { Tx } from "@/lib/db/client";
import { probeDiscovery, type ConnectionReport } from "./discovery";
import { importProviderDocument } from "./import";
import { createProviderSchema, rowToSettings, testConnectionSchema, updateProviderSchema } from "./schema";
import { sealClientSecret } from "./secret";
import { AUDITED_FIELDS, activeRaceError, assertSingleActive, secretChange, settingsData } from "./store";

const taken = () => new ActionError("Some fields need attention.", { providerName: ["A provider with this name already exists."] });

async function assertNameFree(tx: Tx, providerName: string, id?: string) {
  const other = await tx.identityProvider.findUnique({ where: { providerName }, select: { id: true } });
  if (other && other.id !== id) throw taken();
}

/** Creates a provider; its client secret, when given, is stored encrypted. */
export const createProvider = adminAction(createProviderSchema, async ({ clientSecret, ...settings }, { tx, audit }) => {
  await assertNameFree(tx, settings.providerName);
  await assertSingleActive(tx, settings);
  const { id } = await tx.identityProvider
    .create({ data: settingsData(settings), select: { id: true } })
    .catch((error: unknown) => {
      throw activeRaceError(error) ?? (isUniqueViolation(error) ? taken() : error);
    });
  // The ciphertext is bound to the row's id (AAD), so it is written once the id exists.
  if (clientSecret) await tx.identityProvider.update({ where: { id }, data: { clientSecretEncrypted: sealClientSecret(id, clientSecret) } });
  const secret = secretChange(false, Boolean(clientSecret));
  await audit({
    action: "provider.created",
    target: { type: "provider", id, label: settings.providerName },
    changes: { ...diffChanges({}, settings, AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
  });
  revalidatePath("/providers");
  return { id };
});

/**
 * Saves an edit. The stored secret stays unless the admin replaced or cleared it. A save based on an
 * older version is refused (optimistic concurrency) and the admin's edits stay in the form.
 */
export const updateProvider = adminAction(
  updateProviderSchema,
  async ({ id, version, secretAction, clientSecret, ...settings }, { tx, audit }) => {
    const before = await tx.identityProvider.findUnique({ where: { id }, omit: { clientSecretEncrypted: false } });
    if (!before) throw new ActionError("This provider no longer exists. It may have been deleted.");
    await assertNameFree(tx, settings.providerName, id);
    await assertSingleActive(tx, settings, id);
    const secretData =
      secretAction === "replace" ? { clientSecretEncrypted: sealClientSecret(id, clientSecret) } : secretAction === "clear" ? { clientSecretEncrypted: null } : {};
    const { count } = await tx.identityProvider
      .updateMany({ where: { id, version }, data: { ...settingsData(settings), ...secretData, version: { increment: 1 } } })
      .catch((error: unknown) => {
        throw activeRaceError(error) ?? (isUniqueViolation(error) ? taken() : error);
      });
    if (count === 0) {
      throw new ActionError(
        "This provider was changed by someone else since you opened it. Your edits are still here: copy what you need, then reload to see the latest version.",
      );
    }
    const hadSecret = before.clientSecretEncrypted !== null;
    const secret =
      secretAction === "replace" ? { from: hadSecret ? "set" : "not set", to: hadSecret ? "replaced" : "set" } : secretAction === "clear" ? secretChange(hadSecret, false) : undefined;
    await audit({
      action: "provider.updated",
      target: { type: "provider", id, label: settings.providerName },
      changes: { ...diffChanges(rowToSettings(before), settings, AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
    });
    revalidatePath("/providers");
    revalidatePath(`/providers/${id}`);
    return { version: version + 1, hasSecret: secretAction === "replace" || (secretAction === "keep" && hadSecret) };
  },
);

/** Deletes a provider (its encrypted secret goes with the row). */
export const deleteProvider = adminAction(z.object({ id: z.string().min(1) }), async ({ id }, { tx, audit }) => {
  const provider = await tx.identityProvider.findUnique({ where: { id } });
  if (!provider) throw new ActionError("This provider no longer exists.");
  await tx.identityProvider.delete({ where: { id } });
  await audit({
    action: "provider.deleted",
    target: { type: "provider", id, label: provider.providerName },
    changes: { providerName: provider.providerName, authenticationMode: provider.authenticationMode, authority: provider.authority },
  });
  revalidatePath("/providers");
  return null;
});

/**
 * Imports an `{"open_id_connect": [ … ]}` document (pasted or uploaded text), all or nothing. A
 * refusal lists every problem by entry and field: { "open_id_connect[1].response_mode": [ … ] }.
 */
export const importProviders = adminAction(
  z.object({ json: z.string().trim().min(1, "Paste a document or choose a file.").max(1_000_000, "The document is larger than 1 MB.") }),
  async ({ json }, { tx, audit }) => {
    const result = await importProviderDocument(tx, json, audit);
    revalidatePath("/providers");
    return result;
  },
);

// The wrapper checks the session and parses the form's values; it runs its body in a database
// transaction, so the network request happens after it, not inside it (a transaction holds the
// SQLite connection's lock; a slow provider must not block every other save).
const checkTestConnection = adminAction(testConnectionSchema, async (values) => values);

/** Fetches the provider's discovery document and checks it against the (unsaved) form values. */
export async function testProviderConnection(input: z.input<typeof testConnectionSchema>): Promise<ActionResult<ConnectionReport>> {
  const checked = await checkTestConnection(input);
  if (!checked.ok) return checked;
  return { ok: true, data: await probeDiscovery(checked.data) };
}
