// The admin the e2e server seeds into its own throwaway database (see scripts/e2e-server.mjs).
export const E2E_ADMIN = {
  email: "e2e-admin@example.test",
  password: "e2e-Admin-password-1",
  name: "E2E Admin",
} as const;

export const SCREENSHOTS = "test-results/screenshots";
