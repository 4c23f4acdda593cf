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
