import { Secret, TOTP } from "otpauth";

// Authenticator apps (RFC 6238): SHA-1, 6 digits, 30-second steps — the parameters every app
// understands (Google Authenticator ignores any other). otpauth does the HMAC and the URI; the
// replay rule (a step is accepted once) is ours, kept in AdminFactor.lastUsedStep.

export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of the current one (a clock a little off, a code typed as it turned). */
const WINDOW = 1;
const ISSUER = "OIDC Admin";

function totpOf(secret: string, label = "admin"): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** A new seed: 160 random bits (RFC 4226's recommended length), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an app scans (issuer and the admin's email as the label). */
export function totpUri(secret: string, email: string): string {
  return totpOf(secret, email).toString();
}

/** The time step of `now` (epoch ms). */
export function totpStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of `step` (tests and the e2e helper compute codes the same way). */
export function totpCode(secret: string, step: number): string {
  return totpOf(secret).generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 });
}

/**
 * The step a code belongs to when it is valid now and newer than `lastUsedStep`; null otherwise. A
 * code is accepted once: the same step again, or an older one, is a replay and is refused.
 */
export function acceptTotp(secret: string, code: string, lastUsedStep: number | null, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  return lastUsedStep !== null && step <= lastUsedStep ? null : step;
}
