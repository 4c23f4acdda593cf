import fs from "node:fs";
import path from "node:path";
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from "../lib/mfa/totp";

// The admin the e2e server seeds into its own throwaway database (see scripts/e2e-server.mjs).
export const E2E_ADMIN = {
  email: "e2e-admin@example.test",
  password: "e2e-Admin-password-1",
  name: "E2E Admin",
} as const;

export const SCREENSHOTS = "test-results/screenshots";

/**
 * Waits until React has hydrated the page's forms. Typing into a server-rendered edit form before
 * that races with react-hook-form's registration (seen as text appended to the stored value).
 */
export async function waitForHydration(page: import("@playwright/test").Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("form");
    return form !== null && Object.keys(form).some((key) => key.startsWith("__reactFiber"));
  });
}

// ——— The e2e admin's second factor (an Owner: MFA_REQUIRED_FOR=owners by default) ———
// e2e/auth.setup.ts enrols an authenticator app at the first sign-in and leaves its key here, per
// port; every later sign-in computes codes with the portal's own TOTP module (otpauth).

type SecondFactorFile = { secret: string; lastStep: number; recoveryCodes: string[] };

export function secondFactorFile(): string {
  return `e2e/.auth/totp-${process.env.E2E_PORT ?? 3100}.json`;
}

export function saveSecondFactor(value: SecondFactorFile) {
  fs.mkdirSync(path.dirname(secondFactorFile()), { recursive: true });
  fs.writeFileSync(secondFactorFile(), JSON.stringify(value));
}

export function loadSecondFactor(): SecondFactorFile {
  return JSON.parse(fs.readFileSync(secondFactorFile(), "utf8")) as SecondFactorFile;
}

/**
 * A code of `secret` the portal has not accepted yet (its steps after `lastStep`): the portal takes
 * the steps either side of now, each once, so this picks the first unused one of them, waiting for
 * the clock when all three are used.
 */
export async function nextTotpCode(secret: string, lastStep: number): Promise<{ code: string; step: number }> {
  for (;;) {
    const now = totpStep(Date.now());
    // Leave a margin before the window moves on: the request takes time.
    const early = Date.now() % (TOTP_PERIOD_SECONDS * 1000) < 25_000;
    const step = [early ? now - 1 : now, now, now + 1].find((s) => s > lastStep);
    if (step !== undefined) return { code: totpCode(secret, step), step };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A fresh code of the e2e admin's authenticator app (its last used step is kept in the file). */
export async function freshTotpCode(): Promise<string> {
  const saved = loadSecondFactor();
  const { code, step } = await nextTotpCode(saved.secret, saved.lastStep);
  saveSecondFactor({ ...loadSecondFactor(), lastStep: step });
  return code;
}

/** On /mfa: enters a fresh code of the e2e admin's authenticator app. */
export async function passSecondStep(page: import("@playwright/test").Page) {
  await page.waitForURL(/\/mfa$/);
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Code" }).fill(await freshTotpCode());
  await page.getByRole("button", { name: "Verify" }).click();
}

/** The current code of `secret` and its step (for a key just shown, before any code was used). */
export function totpCodeNow(secret: string): { code: string; step: number } {
  const step = totpStep(Date.now());
  return { code: totpCode(secret, step), step };
}
