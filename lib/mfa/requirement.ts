// Who must sign in with a second factor: MFA_REQUIRED_FOR in the environment (owners by default)
// sets the floor; an Owner may raise it in the portal (PortalSetting "mfa_required_for"), never
// lower it below the environment's value. Anyone who has a factor uses it, whatever the level.

export const MFA_LEVELS = ["none", "owners", "all"] as const;
export type MfaLevel = (typeof MFA_LEVELS)[number];
export const MFA_SETTING_KEY = "mfa_required_for";

const rank = (level: MfaLevel) => MFA_LEVELS.indexOf(level);

export function isMfaLevel(value: unknown): value is MfaLevel {
  return typeof value === "string" && (MFA_LEVELS as readonly string[]).includes(value);
}

/** MFA_REQUIRED_FOR: owners (default), all or none. Throws on anything else, so a typo never turns MFA off. */
export function environmentMfaLevel(env: Record<string, string | undefined> = process.env): MfaLevel {
  const raw = env.MFA_REQUIRED_FOR?.trim().toLowerCase();
  if (raw === undefined || raw === "") return "owners";
  if (!isMfaLevel(raw)) throw new Error(`MFA_REQUIRED_FOR must be owners, all or none, not "${env.MFA_REQUIRED_FOR}".`);
  return raw;
}

/** The stricter of the environment's level and the stored one (an unknown stored value counts for nothing). */
export function effectiveMfaLevel(environment: MfaLevel, stored: string | null | undefined): MfaLevel {
  return isMfaLevel(stored) && rank(stored) > rank(environment) ? stored : environment;
}

/** Whether `level` may be stored: not below the environment's floor. */
export function mayStoreMfaLevel(environment: MfaLevel, level: MfaLevel): boolean {
  return rank(level) >= rank(environment);
}

/** Whether an admin of `role` must have a second factor under `level`. */
export function mfaRequiredFor(role: string, level: MfaLevel): boolean {
  return level === "all" || (level === "owners" && role === "Owner");
}
