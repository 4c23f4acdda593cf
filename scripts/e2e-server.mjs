// The server Playwright starts: a fresh database (data/e2e.db), the e2e admin, the current build.
import fs from "node:fs";
import path from "node:path";
import { ROOT, ensureBuild, ensurePrismaClient, migrate, seed, spawnServer } from "./lib/setup.mjs";

const port = process.env.E2E_PORT ?? "3100";
const dbFile = path.join(ROOT, "data", `e2e-${port}.db`);
for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
const clockFile = path.join(ROOT, "data", `e2e-${port}-clock`);
fs.mkdirSync(path.dirname(clockFile), { recursive: true });
fs.writeFileSync(clockFile, "0");

const env = {
  ...process.env,
  DATABASE_URL: `file:${dbFile}`,
  AUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only-secret",
  ADMIN_EMAIL: "e2e-admin@example.test",
  ADMIN_PASSWORD: "e2e-Admin-password-1",
  ADMIN_NAME: "E2E Admin",
  NEXT_TELEMETRY_DISABLED: "1",
  // The issuer must be the server's real origin: clients compare discovery's issuer with it.
  PORTAL_URL: `http://localhost:${port}`,
  // Test-only: the portal's clock for secret validity is real time plus the offset in this file,
  // which specs move (e2e/clock.ts; lib/clock.ts, docs/decisions/026-test-clock.md).
  PORTAL_TEST_CLOCK_FILE: clockFile,
  // The expiry scan every 2 s, so a spec that moves the clock sees its warnings soon.
  SECRET_EXPIRY_SCAN_MS: "2000",
  // The e2e tests run their stand-in identity providers on this machine (loopback), which the
  // SSRF guard of lib/http/outbound.ts refuses by default (e2e/upstream-idp.mjs among them).
  ALLOW_PRIVATE_PROVIDER_HOSTS: "true",
  // No SMTP_URL: an Owner sets the SMTP server in the browser (/settings/mail, e2e/auth.setup.ts),
  // and invitations and reset links go by mail to the suite's server (e2e/mail-receiver.mjs).
  SMTP_URL: "",
  SMTP_FROM: "",
};

ensurePrismaClient();
migrate(env);
seed(env);
await ensureBuild();

// The server's output also goes to data/e2e-<port>-server.log, which tests read (e2e/server-log.ts):
// what a request logged, and that no secret ever reaches the log.
const logFile = fs.createWriteStream(path.join(ROOT, "data", `e2e-${port}-server.log`));
const server = spawnServer(port, { env, stdio: ["inherit", "pipe", "pipe"] });
for (const [from, to] of [
  [server.stdout, process.stdout],
  [server.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    to.write(chunk);
    logFile.write(chunk);
  });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
