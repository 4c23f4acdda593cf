import { ROLES, type Principal } from "@/lib/auth/permissions";
import { clientPower, describePower, powerWithin } from "@/lib/auth/power";
import type { Reach } from "@/lib/auth/reach";
import { CLIENT_DEFAULTS, rowToSettings, settingsToFormInput } from "./model";
import type { ClientDetails } from "./queries";

/** Options for the profile pickers, as the form shows them. */
export function profileOptions(profiles: { id: string; identifier: string; displayName: string }[]) {
  return profiles.map((p) => ({ value: p.id, label: p.displayName === p.identifier ? p.identifier : `${p.displayName} (${p.identifier})` }));
}

export function profileContextOptions(contexts: { id: number; category: string; d0: string }[]) {
  return contexts.map((c) => ({ value: String(c.id), label: `${c.id} · ${c.category} / ${c.d0}` }));
}

/**
 * The profile and profile-context pickers of the client form within the admin's reach: a
 * context-bound admin gets only their own context and profile (plus the profile a client already
 * has), preset and locked — the service refuses anything else anyway (assertWithinReach).
 */
export function bindingPickers(
  reach: Reach,
  profiles: { id: string; identifier: string; displayName: string }[],
  contexts: { id: number; category: string; d0: string }[],
  currentProfileId?: string,
) {
  if (reach.kind === "all") return { profiles: profileOptions(profiles), profileContexts: profileContextOptions(contexts), bindingLocked: false };
  return {
    profiles: profileOptions(profiles.filter((p) => p.id === reach.profileId || p.id === currentProfileId)),
    profileContexts: profileContextOptions(contexts.filter((c) => c.id === reach.profileContextId)),
    bindingLocked: true,
  };
}

/**
 * The admin API roles the form offers: those within the admin's own power (the service refuses any
 * other, lib/auth/power.ts), plus the one a client already holds so the form shows it.
 */
export function apiRoleOptions(admin: Principal, current: string | null = null) {
  // Within a profile context an Owner's power is an Editor's: a context-bound admin is not offered "Owner".
  const offered = admin.reach.kind === "context" ? ROLES.filter((role) => role !== "Owner") : ROLES;
  const grantable = offered.filter((role) => role === current || powerWithin({ role, reach: admin.reach }, admin));
  return grantable.map((role) => ({ value: role, label: `${role}${admin.reach.kind === "context" ? " (within the client's profile context)" : ""}` }));
}

/**
 * Why the admin may not change this client, when it holds more admin API power than they do (the
 * service refuses it anyway); null when they may.
 */
export function beyondPowerReason(admin: Principal, client: Parameters<typeof clientPower>[0]): string | null {
  const power = clientPower(client);
  if (powerWithin(power, admin)) return null;
  return `This client holds ${describePower(power)} to the portal's admin API, more than you hold (${describePower(admin)}): only someone who holds that power may change it, add a secret or enable it.`;
}

export function scopeOptions(scopes: { id: string; name: string; displayName: string; enabled: boolean }[]) {
  return scopes.map((s) => ({ value: s.id, label: s.name, detail: s.enabled ? s.displayName : `${s.displayName} (disabled)` }));
}

/** The edit form's starting values for a stored client. */
export function clientFormValues(client: ClientDetails) {
  return {
    id: client.id,
    version: client.version,
    clientId: client.clientId,
    ...settingsToFormInput(rowToSettings(client), { profileId: client.profileId, scopeIds: client.scopes.map((s) => s.scopeId) }),
  };
}

/** The new-client form's starting values: the declaration's defaults (lib/clients/model.ts). */
export function newClientFormValues(refs: { profileId: string; profileContextId: number | null }) {
  const settings = { ...CLIENT_DEFAULTS, displayName: "", profileContextId: refs.profileContextId };
  return { clientId: "", ...settingsToFormInput(settings, { profileId: refs.profileId, scopeIds: [] }) };
}
