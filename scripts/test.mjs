// `npm test`: everything the tests need (dependencies, Chromium, Prisma client, a build), then the
// unit + integration tests (Vitest) and the end-to-end tests (Playwright on Debian's Chromium).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ensureBuild, ensureDependencies, ensurePrismaClient, log, run, runBin } from "./lib/setup.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`✖ ${CHROMIUM} is missing. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  log("Installing Debian's Chromium for the browser tests…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env });
}

ensureDependencies();
ensureChromium();
ensurePrismaClient();

log("Unit and integration tests (Vitest)…");
runBin("vitest/vitest.mjs", ["run"]);

ensureBuild();
log("End-to-end tests (Playwright, Chromium)…");
const e2e = spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "test"], { stdio: "inherit" });
process.exit(e2e.status ?? 1);
