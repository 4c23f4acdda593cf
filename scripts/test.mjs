// `npm test`: the dependencies, then formatting and lint (Prettier, ESLint; it stops there when they
// fail), then everything else the tests need (Chromium, PostgreSQL, Prisma clients, a build), the
// unit + integration tests (Vitest) on SQLite and again on a throwaway PostgreSQL server, the
// end-to-end tests (Playwright on Debian's Chromium), and two production servers on one throwaway
// PostgreSQL database (scripts/two-instances.mjs, the same build).
// Ends with one plain summary line: "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensurePostgresInstalled } from "./lib/postgres.mjs";
import { ROOT, ensureBuild, ensureDependencies, ensurePrismaClient, log, run } from "./lib/setup.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REPORTS = path.join(ROOT, "test-results");

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

function node(args, env = process.env) {
  return spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit", env }).status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Formatting (Prettier) and lint (ESLint, with the house's import rules): only node_modules needed. */
function checkStyle() {
  log("Formatting (Prettier) and lint (ESLint)…");
  const format = node(["node_modules/prettier/bin/prettier.cjs", "--check", "--cache", "--log-level", "warn", "."]);
  const lint = node(["node_modules/eslint/bin/eslint.js", "--cache", "--cache-location", "node_modules/.cache/eslint/", "--max-warnings", "0", "."]);
  if (!format && !lint) return;
  console.error(
    `\n✖ ${[format && "formatting (npm run format fixes it)", lint && "lint (npm run lint lists it)"].filter(Boolean).join(" and ")} failed; no test ran.`,
  );
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}

ensureDependencies();
checkStyle();
ensureChromium();
ensurePrismaClient();
fs.mkdirSync(REPORTS, { recursive: true });

/** One Vitest run on one database (lib/testing/global-setup.ts starts PostgreSQL itself). */
function vitest(database) {
  const json = path.join(REPORTS, `vitest-${database}.json`);
  fs.rmSync(json, { force: true });
  const status = node(["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`], {
    ...process.env,
    PORTAL_TEST_DATABASE: database,
  });
  return { status, report: readJson(json) };
}

log("Unit and integration tests on SQLite (Vitest)…");
const onSqlite = vitest("sqlite");
log("Unit and integration tests on PostgreSQL (Vitest, a throwaway server)…");
ensurePostgresInstalled(log);
const onPostgres = vitest("postgresql");
const unitStatus = onSqlite.status || onPostgres.status;
const unitReports = [onSqlite.report, onPostgres.report];
const unit = unitReports.every(Boolean)
  ? Object.fromEntries(
      ["numPassedTests", "numFailedTests", "numPendingTests", "numTodoTests"].map((k) => [k, unitReports.reduce((n, r) => n + (r[k] ?? 0), 0)]),
    )
  : null;

await ensureBuild();
log("End-to-end tests (Playwright, Chromium)…");
const playwrightJson = path.join(REPORTS, "playwright.json");
fs.rmSync(playwrightJson, { force: true });
const e2eStatus = node(["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], {
  ...process.env,
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});

log("Two instances on one PostgreSQL database (scripts/two-instances.mjs, the same build)…");
const instancesStatus = node(["scripts/two-instances.mjs"]);

log("A database outage under load (scripts/database-outage.mjs, the same build)…");
const outageStatus = node(["scripts/database-outage.mjs"]);

const e2e = readJson(playwrightJson);
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0) + (instancesStatus ? 0 : 1) + (outageStatus ? 0 : 1);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0) + (instancesStatus ? 1 : 0) + (outageStatus ? 1 : 0);
/** The failed tests by name, with their first error line, so the end of the log says what broke. */
function failures() {
  const lines = [];
  for (const [database, report] of [
    ["SQLite", onSqlite.report],
    ["PostgreSQL", onPostgres.report],
  ]) {
    for (const file of report?.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (test.status === "failed")
          lines.push(`vitest ${database} › ${path.relative(process.cwd(), file.name)} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      }
      if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed")) {
        lines.push(`vitest ${database} › ${path.relative(process.cwd(), file.name)}: ${firstLine(file.message)}`);
      }
    }
  }
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "unexpected" || test.status === "flaky") {
          const error = test.results?.find((r) => r.error)?.error?.message;
          lines.push(`e2e ${test.status} › ${[...titles, spec.title].join(" › ")}: ${firstLine(error)}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of e2e?.suites ?? []) walk(suite, [suite.title]);
  return lines;
}

function firstLine(text) {
  return (
    String(text ?? "")
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .find((l) => l.trim()) ?? ""
  )
    .trim()
    .slice(0, 300);
}

const failedTests = failures();
if (failedTests.length) console.log(`\nfailed:\n${failedTests.map((l) => `  ✗ ${l}`).join("\n")}`);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0);
console.log(
  `\nunit+integration (SQLite + PostgreSQL): ${unit?.numPassedTests ?? "?"} passed, ${unit?.numFailedTests ?? "?"} failed · e2e: ${e2e?.stats?.expected ?? "?"} passed, ${e2e?.stats?.unexpected ?? "?"} failed · two instances: ${instancesStatus ? "failed" : "passed"} · database outage: ${outageStatus ? "failed" : "passed"}`,
);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(unitStatus || e2eStatus || instancesStatus || outageStatus || (unit && e2e ? 0 : 1));
