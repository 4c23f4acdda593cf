import "server-only";
import { ActionError } from "@/lib/actions/result";
import type { Tx } from "@/lib/db/client";
import { isUniqueViolation, type UniqueConstraint } from "@/lib/db/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { activeConflictMessage, activeProviderConflicts, concurrentActiveMessage, type ModeState } from "./rules";
import { PROVIDER_SETTING_KEYS, type ProviderSettings } from "./schema";

/** The settings an audit event compares: every one (the client secret is not a setting, and never audited). */
export const AUDITED_FIELDS = PROVIDER_SETTING_KEYS;

/** The columns for a provider's settings. */
export function settingsData(settings: ProviderSettings) {
  return {
    ...settings,
    scope: settings.scope as Prisma.InputJsonValue,
    messages: settings.messages as Prisma.InputJsonValue,
  };
}

/** The providers that stay as they are: enabled and Active ones, oldest first. */
export function storedActiveProviders(tx: Tx, exceptIds: string[] = []) {
  return tx.identityProvider.findMany({
    where: { isEnabled: true, authenticationMode: "Active", id: { notIn: exceptIds } },
    select: { id: true, providerName: true, authenticationMode: true, isEnabled: true },
    orderBy: { createdAt: "asc" },
  });
}

/**
 * Refuses to save `candidate` (a new provider, or provider `id` edited) when another enabled
 * provider is Active and the candidate would be too; the message is on authentication_mode.
 */
export async function assertSingleActive(tx: Tx, candidate: ModeState, id?: string) {
  const others = await storedActiveProviders(tx, id ? [id] : []);
  const conflict = activeProviderConflicts<ModeState>([...others, candidate]).find((c) => c.provider === candidate);
  if (conflict) throw new ActionError("Some fields need attention.", { authenticationMode: [activeConflictMessage(conflict.current)] });
}

/**
 * The database's own copy of the rule: a partial unique index on enabled Active providers
 * (prisma/schema.prisma). It only fires when another instance or request made a provider Active
 * between assertSingleActive's read and this write.
 */
export const ONE_ACTIVE_PROVIDER: UniqueConstraint = { index: "IdentityProvider_one_active_key", fields: ["authenticationMode"] };

/** The refusal for a write that lost that race, or null for any other error. */
export function activeRaceError(error: unknown, field = "authenticationMode"): ActionError | null {
  if (!isUniqueViolation(error, ONE_ACTIVE_PROVIDER)) return null;
  return new ActionError("Some fields need attention.", { [field]: [concurrentActiveMessage()] });
}
