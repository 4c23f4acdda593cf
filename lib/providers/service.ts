import "server-only";
import type { z } from "zod";
import type { ServiceContext } from "@/lib/actions/context";
import { ConflictError, NotFoundError } from "@/lib/actions/result";
import { assertGrantWithin, PROVIDER_POWER } from "@/lib/auth/power";
import { isUniqueViolation } from "@/lib/db/errors";
import { ActionError } from "@/lib/actions/result";
import { createdChanges, deletedChanges, diffChanges, secretFieldChange } from "@/lib/audit/changes";
import type { Tx } from "@/lib/db/client";
import { createProviderSchema, rowToSettings, updateProviderSchema } from "./schema";
import { sealClientSecret } from "./secret";
import { AUDITED_FIELDS, activeRaceError, assertSingleActive, settingsData } from "./store";

const taken = () => new ActionError("Some fields need attention.", { providerName: ["A provider with this name already exists."] });

async function assertNameFree(tx: Tx, providerName: string, id?: string) {
  const other = await tx.identityProvider.findUnique({ where: { providerName }, select: { id: true } });
  if (other && other.id !== id) throw taken();
}

// The identity-provider mutations, called by ./actions.ts with the wrapper's ServiceContext.

/** Creates a provider; its client secret, when given, is stored encrypted. */
export async function createProviderRecord(ctx: ServiceContext, { clientSecret, ...settings }: z.output<typeof createProviderSchema>) {
  const { tx, audit } = ctx;
  await assertGrantWithin(ctx, PROVIDER_POWER, "An identity provider");
  await assertNameFree(tx, settings.providerName);
  await assertSingleActive(tx, settings);
  const { id } = await tx.identityProvider.create({ data: settingsData(settings), select: { id: true } }).catch((error: unknown) => {
    throw activeRaceError(error) ?? (isUniqueViolation(error) ? taken() : error);
  });
  // The ciphertext is bound to the row's id (AAD), so it is written once the id exists.
  if (clientSecret) await tx.identityProvider.update({ where: { id }, data: { clientSecretEncrypted: sealClientSecret(id, clientSecret) } });
  const secret = secretFieldChange({ had: false, has: Boolean(clientSecret) });
  await audit({
    action: "provider.created",
    target: { type: "provider", id, label: settings.providerName },
    changes: { ...createdChanges(settings, AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
  });
  return { id };
}

/**
 * Saves an edit. The stored secret stays unless the admin replaced or cleared it. A save based on an
 * older version is refused (optimistic concurrency) and the admin's edits stay in the form.
 */
export async function updateProviderRecord(
  ctx: ServiceContext,
  { id, version, secretAction, clientSecret, ...settings }: z.output<typeof updateProviderSchema>,
) {
  const { tx, audit } = ctx;
  await assertGrantWithin(ctx, PROVIDER_POWER, "An identity provider");
  {
    const before = await tx.identityProvider.findUnique({ where: { id }, omit: { clientSecretEncrypted: false } });
    if (!before) throw new NotFoundError("This provider no longer exists. It may have been deleted.");
    await assertNameFree(tx, settings.providerName, id);
    await assertSingleActive(tx, settings, id);
    const secretData =
      secretAction === "replace"
        ? { clientSecretEncrypted: sealClientSecret(id, clientSecret) }
        : secretAction === "clear"
          ? { clientSecretEncrypted: null }
          : {};
    const { count } = await tx.identityProvider
      .updateMany({ where: { id, version }, data: { ...settingsData(settings), ...secretData, version: { increment: 1 } } })
      .catch((error: unknown) => {
        throw activeRaceError(error) ?? (isUniqueViolation(error) ? taken() : error);
      });
    if (count === 0) {
      throw new ConflictError(
        "This provider was changed by someone else since you opened it. Your edits are still here: copy what you need, then reload to see the latest version.",
      );
    }
    const hadSecret = before.clientSecretEncrypted !== null;
    const secret = secretFieldChange({
      had: hadSecret,
      has: secretAction === "replace" || (secretAction === "keep" && hadSecret),
      replaced: secretAction === "replace",
    });
    await audit({
      action: "provider.updated",
      target: { type: "provider", id, label: settings.providerName },
      changes: { ...diffChanges(rowToSettings(before), settings, AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
    });
    return { version: version + 1, hasSecret: secretAction === "replace" || (secretAction === "keep" && hadSecret) };
  }
}

/** Deletes a provider (its encrypted secret goes with the row). */
export async function deleteProviderRecord({ tx, audit }: ServiceContext, id: string) {
  const provider = await tx.identityProvider.findUnique({ where: { id }, omit: { clientSecretEncrypted: false } });
  if (!provider) throw new NotFoundError("This provider no longer exists.");
  await tx.identityProvider.delete({ where: { id } });
  const secret = secretFieldChange({ had: provider.clientSecretEncrypted !== null, has: false });
  await audit({
    action: "provider.deleted",
    target: { type: "provider", id, label: provider.providerName },
    changes: { ...deletedChanges(rowToSettings(provider), AUDITED_FIELDS), ...(secret ? { clientSecret: secret } : {}) },
  });
}
