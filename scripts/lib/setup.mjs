// The steps shared by `npm start`, `npm test` and the e2e server. Each step checks a stamp and
// skips itself when nothing changed, so a second run is fast. Plain Node: runs before any install.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "../../lib/db/database-url.mjs";
import { PRISMA_PATHS, syncPostgresqlSchema } from "../../lib/db/prisma-schemas.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const at = (...p) => path.join(ROOT, ...p);

export function log(message) {
  console.log(`\x1b[36m▸\x1b[0m ${message}`);
}

/** Runs a command in the project directory; exits the process when it fails. */
export function run(cmd, args, { env = process.env, quiet = false } = {}) {
  const result = spawnSync(cmd, args, { cwd: ROOT, env, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`✖ ${cmd} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  return result;
}

/** Runs a package's CLI with this Node (no npx: nothing to resolve or download). */
export function runBin(relativeCli, args, opts) {
  return run(process.execPath, [at("node_modules", relativeCli), ...args], opts);
}

function hashFiles(files) {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(ROOT, file));
    hash.update("\0");
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "");
    hash.update("\0");
  }
  return hash.digest("hex");
}

function walk(dir, skip = () => false) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory()) out.push(...walk(full, skip));
    else out.push(full);
  }
  return out.sort();
}

function stampMatches(stampFile, value) {
  return fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === value;
}

function writeStamp(stampFile, value) {
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, value);
}

/** npm ci when node_modules is missing or package.json / package-lock.json changed. */
export function ensureDependencies() {
  const stamp = at("node_modules", ".portal-deps-hash");
  const value = hashFiles([at("package.json"), at("package-lock.json"), process.execPath]);
  if (stampMatches(stamp, value)) return;
  log("Installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  writeStamp(stamp, value);
}

/**
 * prisma generate when the schema or the Prisma version changed: the PostgreSQL schema is derived
 * from prisma/schema.prisma first, then one client per database (lib/generated/prisma and
 * lib/generated/prisma-postgresql; lib/db/client.ts picks one by DATABASE_URL).
 */
export function ensurePrismaClient() {
  const stamp = at("lib", "generated", ".portal-schema-hash");
  const value = hashFiles([at("prisma", "schema.prisma"), at("lib", "db", "prisma-schemas.mjs"), at("node_modules", "prisma", "package.json")]);
  if (stampMatches(stamp, value) && fs.existsSync(at(PRISMA_PATHS.postgresql.client, "client.ts"))) return;
  log("Generating the Prisma clients (SQLite and PostgreSQL)…");
  syncPostgresqlSchema(ROOT);
  for (const { schema } of Object.values(PRISMA_PATHS)) {
    runBin("prisma/build/index.js", ["generate", "--schema", schema], { quiet: true });
  }
  writeStamp(stamp, value);
}

/**
 * AUTH_SECRET signs the session cookies. When it is not set, one is generated on first start and
 * kept in data/auth-secret (git-ignored, mode 0600).
 */
export function ensureAuthSecret(env = process.env) {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = at("data", "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    log("Generated a session signing key in data/auth-secret.");
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** Applies pending migrations (prisma migrate deploy is itself a no-op when up to date). */
export function migrate(env = process.env) {
  fs.mkdirSync(at("data"), { recursive: true });
  log("Applying database migrations…");
  runBin("prisma/build/index.js", ["migrate", "deploy"], { env, quiet: true });
  useWriteAheadLog(env);
}

/**
 * SQLite: write-ahead logging (a setting kept in the file). A commit then appends to the log and
 * syncs it once, instead of the rollback journal's several syncs; readers never wait for a writer.
 * `synchronous` stays FULL (the default): a committed secret survives a power cut. Backups go
 * through SQLite's backup API and restore removes the -wal/-shm files (scripts/db-backup.mjs).
 */
function useWriteAheadLog(env) {
  const url = resolveDatabaseUrl(env, ROOT);
  if (databaseKind(url) !== "sqlite") return;
  const Database = createRequire(import.meta.url)("better-sqlite3");
  const db = new Database(sqliteFilePath(url));
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/**
 * Creates what a fresh install needs: the first admin, the default profile, the built-in scopes and
 * the token-signing keys. Runs with the react-server condition, as the app's server code does
 * (modules marked `server-only` load there).
 */
export function seed(env = process.env) {
  run(process.execPath, ["--conditions=react-server", "--import", "tsx", "prisma/seed.ts"], { env });
}

/** The Next.js build folder (NEXT_DIST_DIR, default .next). */
export const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";

const BUILD_INPUTS = ["next.config.ts", "tsconfig.json", "postcss.config.mjs", "proxy.ts", "instrumentation.ts", "package-lock.json", "prisma/schema.prisma"];

/** next build when the sources changed since the last build. */
export async function ensureBuild() {
  const skip = (p) => p.startsWith(at("lib", "generated")) || /\.test\.tsx?$/.test(p);
  const files = [...["app", "components", "lib", "public"].flatMap((d) => walk(at(d), skip)), ...BUILD_INPUTS.map((f) => at(f))];
  const value = hashFiles(files);
  const stamp = at(DIST_DIR, "portal-source-hash");
  if (fs.existsSync(at(DIST_DIR, "BUILD_ID")) && fs.existsSync(PROTOCOL_BUNDLE) && stampMatches(stamp, value)) {
    log("Build is up to date.");
    return;
  }
  log("Building the app (next build)…");
  // next build adds its build folder's type paths to tsconfig.json; a side-by-side folder
  // (NEXT_DIST_DIR) must not leave that edit behind.
  const tsconfig = fs.readFileSync(at("tsconfig.json"), "utf8");
  try {
    runBin("next/dist/bin/next", ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  } finally {
    if (DIST_DIR !== ".next") fs.writeFileSync(at("tsconfig.json"), tsconfig);
  }
  await buildProtocolServer();
  writeStamp(stamp, value);
}

/**
 * Starts the portal server (scripts/server.mjs) on `port`, as every starter does (npm start, the e2e
 * server, the two-instance check, the benchmarks). Memory settings, measured with bench/token.mjs:
 * - V8's young generation stays at 2 MB a half-space (the default grows to 16): the token path makes
 *   short-lived garbage at a high rate, and the default let the heap grow past 300 MB under that load
 *   for no gain in throughput (322 → 254 MB at most, the same tokens/s).
 * - glibc's malloc: at most 2 arenas (its default is 8 per core, for libuv's threads too) and a fixed
 *   mmap threshold, so large freed blocks — an argon2 hash's 19 MB, a big response — go back to the
 *   system instead of staying in the process (idle 178 → 153 MB). Set either variable to override.
 * `nodeArgs` go before the script (say, --cpu-prof); `options` are spawn's (env, stdio).
 */
export function spawnServer(port, { nodeArgs = [], env = process.env, ...options } = {}) {
  return spawn(process.execPath, [...nodeArgs, "--max-semi-space-size=2", at("scripts", "server.mjs"), "--port", String(port)], {
    cwd: ROOT,
    ...options,
    env: { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072", ...env },
  });
}

/** The protocol server's bundle (lib/oauth/protocol-server.ts), loaded by scripts/server.mjs. */
export const PROTOCOL_BUNDLE = at(DIST_DIR, "protocol", "server.mjs");

/**
 * Bundles the protocol server with esbuild (installed with tsx and vitest): the project's own
 * TypeScript inlined, packages left to node_modules, `server-only` stubbed (this code runs only on
 * the server, outside React's server build that would otherwise provide the stub).
 */
export async function buildProtocolServer() {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [at("lib", "oauth", "protocol-server.ts")],
    outfile: PROTOCOL_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "server-only": at("lib", "testing", "server-only-stub.ts") },
    tsconfig: at("tsconfig.json"),
    // The end-user pages (components/end-users) are React rendered to static HTML on the server.
    jsx: "automatic",
    logLevel: "warning",
  });
  await buildEndUserStylesheet();
}

/** The sources whose Tailwind classes the end-user pages use (lib/end-users/render.tsx serves the result). */
const END_USER_STYLE_SOURCES = ["../components/end-users", "../components/auth/provider-sign-in.tsx", "../components/ui/button.tsx"];

/**
 * The end-user pages' stylesheet: the portal's own (app/globals.css: the same base styles and
 * theme), compiled by Tailwind for the classes of those pages only, beside the protocol bundle.
 */
async function buildEndUserStylesheet() {
  const { default: postcss } = await import("postcss");
  const { default: tailwind } = await import("@tailwindcss/postcss");
  const globals = fs.readFileSync(at("app", "globals.css"), "utf8");
  const sources = END_USER_STYLE_SOURCES.map((source) => `@source "${source}";`).join("\n");
  const input = globals.replace('@import "tailwindcss";', `@import "tailwindcss" source(none);\n${sources}`);
  if (input === globals) throw new Error('app/globals.css no longer starts with @import "tailwindcss"; update buildEndUserStylesheet');
  const from = at("app", "end-user.css"); // not a file: @source paths are relative to app/
  const { css } = await postcss([tailwind({ base: ROOT, optimize: { minify: true } })]).process(input, { from });
  fs.writeFileSync(path.join(path.dirname(PROTOCOL_BUNDLE), "end-user.css"), css);
}
