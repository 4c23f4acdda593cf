/** What the at-most-one-Active rule looks at. */
export type ModeState = { providerName: string; authenticationMode: string; isEnabled: boolean };

export type ActiveConflict<T extends ModeState> = { provider: T; current: T };

/**
 * THE rule: at most one enabled provider is Active. Walks the providers in order (the ones that stay
 * as they are first, then the ones being saved); the first enabled Active provider is the current
 * one, and every later enabled Active provider conflicts with it. The action (one provider) and the
 * importer (the final state of a whole document) both decide with this function.
 */
export function activeProviderConflicts<T extends ModeState>(providers: readonly T[]): ActiveConflict<T>[] {
  let current: T | undefined;
  const conflicts: ActiveConflict<T>[] = [];
  for (const provider of providers) {
    if (!provider.isEnabled || provider.authenticationMode !== "Active") continue;
    if (current) conflicts.push({ provider, current });
    else current = provider;
  }
  return conflicts;
}

/** The message on the authentication_mode field, naming the provider that is Active now. */
export function activeConflictMessage(current: { providerName: string }): string {
  return `"${current.providerName}" is already the Active provider, and only one enabled provider can be Active. Choose Passive, or make "${current.providerName}" Passive (or disable it) first.`;
}

/** The same refusal when another save made a provider Active at the same moment (the database's unique index). */
export function concurrentActiveMessage(): string {
  return "Another provider was just made Active, and only one enabled provider can be Active. Reload to see it, then choose Passive or make that provider Passive first.";
}
