import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
const idpPort = Number(process.env.E2E_IDP_PORT ?? port + 100);
/** The upstream OpenID provider of the e2e tests (e2e/upstream-idp.mjs). */
export const UPSTREAM_IDP_URL = `http://localhost:${idpPort}`;
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 200);
/** The e2e portal's SMTP server (e2e/mail-receiver.mjs) and the mailbox the specs read its mails from. */
export const E2E_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
export const MAILBOX_URL = `http://127.0.0.1:${smtpPort + 1}/mails`;
/** Where the setup project leaves the signed-in session (per port, so runs can go side by side). */
export const STORAGE_STATE = `e2e/.auth/admin-${port}.json`;

export default defineConfig({
  testDir: "e2e",
  outputDir: `test-results/e2e-${port}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  // CI shares two cores with a production server and Chromium: a page plus an axe run can take 20 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot reach its host here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], storageState: STORAGE_STATE },
      dependencies: ["setup"],
    },
  ],
  webServer: [
    {
      command: "node scripts/e2e-server.mjs",
      url: `${baseURL}/sign-in`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // The upstream OpenID provider admins sign in through (e2e/upstream-idp.mjs).
      command: "node e2e/upstream-idp.mjs",
      url: `${UPSTREAM_IDP_URL}/.well-known/openid-configuration`,
      env: { E2E_PORT: String(port), E2E_IDP_PORT: String(idpPort) },
      reuseExistingServer: false,
      // CI shares two cores with a production server and Chromium: a page plus an axe run can take 20 s.
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // The SMTP server the portal mails invitations to, and its mailbox (e2e/mail-receiver.mjs).
      command: "node e2e/mail-receiver.mjs",
      url: MAILBOX_URL,
      env: { E2E_PORT: String(port), E2E_SMTP_PORT: String(smtpPort) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
