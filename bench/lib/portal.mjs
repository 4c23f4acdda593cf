// Starts the portal's production build for a benchmark: its own database (data/bench-<port>.db, or
// under BENCH_DB_DIR),
// migrated and seeded, the current build (built when the sources changed), scripts/server.mjs.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ROOT, ensureBuild, ensurePrismaClient, migrate, seed, spawnServer } from "../../scripts/lib/setup.mjs";

export const hashSecret = (secret) => createHash("sha256").update(secret, "utf8").digest("base64");
const id = () => `b${randomBytes(10).toString("hex")}`;

/** Waits until `url` answers (any status), or throws after `ms`. */
export async function waitFor(url, ms = 120_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A server in a child process, once its discovery document answers at `url`; `stop()` ends it. */
export async function servingChild(child, url) {
  await waitFor(`${url}/.well-known/openid-configuration`);
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/** The resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The CPU time a process has used so far (user + system), in ms (Linux /proc, 100 ticks a second). */
export function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * A fresh portal on `port`. `prepare(db)` fills the database (better-sqlite3, before the server
 * starts). `env` adds settings (say, RATE_LIMIT_*=0). `baselineDist` starts an older
 * build folder (NEXT_DIST_DIR) instead of the current one, for a before/after comparison; its database
 * is migrated with the current migrations.
 */
export async function startPortal({ port, env: extra = {}, prepare = () => {}, baselineDist } = {}) {
  // BENCH_DB_DIR=/dev/shm puts the database in memory: what the disk's flushes cost, by difference.
  const dbFile = path.join(process.env.BENCH_DB_DIR ?? path.join(ROOT, "data"), `bench-${port}.db`);
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbFile}`,
    AUTH_SECRET: "bench-only-secret-bench-only-secret-bench-only",
    ADMIN_EMAIL: "bench-admin@example.test",
    ADMIN_PASSWORD: "bench-Admin-password-1",
    ADMIN_NAME: "Bench Admin",
    NEXT_TELEMETRY_DISABLED: "1",
    PORTAL_URL: `http://localhost:${port}`,
    // The benchmarks sign the admin in with the password alone (bench/lib/browser.mjs).
    MFA_REQUIRED_FOR: "none",
    ...extra,
  };
  ensurePrismaClient();
  migrate(env);
  seed(env);
  if (!baselineDist) await ensureBuild();
  const db = new Database(dbFile);
  await prepare(db);
  db.close();
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the portal during a run;
  // BENCH_PORTAL_STDOUT=1 shows its standard output (say, with BENCH_NODE_ARGS=--trace-gc).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const stdio = ["ignore", process.env.BENCH_PORTAL_STDOUT ? "inherit" : "ignore", "inherit"];
  // An older build with its own protocol bundle runs under scripts/server.mjs like the current one
  // (same server, same V8 and malloc settings); one from before that bundle existed, under `next start`.
  const child =
    baselineDist && !fs.existsSync(path.join(ROOT, baselineDist, "protocol", "server.mjs"))
      ? spawn(process.execPath, [...nodeArgs, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
          cwd: ROOT,
          env: { ...env, NEXT_DIST_DIR: baselineDist },
          stdio,
        })
      : spawnServer(port, { nodeArgs, env: baselineDist ? { ...env, NEXT_DIST_DIR: baselineDist } : env, stdio });
  process.once("exit", () => child.kill()); // also when the benchmark fails
  await waitFor(`http://localhost:${port}/.well-known/openid-configuration`);
  return {
    url: `http://localhost:${port}`,
    pid: child.pid,
    dbFile,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

const iso = (ms) => new Date(ms).toISOString();

/**
 * Inserts a client (ClientCredentials unless `flow` says otherwise) with one secret and the given
 * scopes; returns its client_id. `firstParty`: end users are not asked for consent; `adminApiRole`:
 * what it may do in the admin API (Owner, Editor, Auditor).
 */
export function insertClient(
  db,
  {
    clientId,
    alg = "ES256",
    method = "client_secret_basic",
    secret,
    scopeIds = [],
    profile = "Administrator",
    flow = "ClientCredentials",
    redirectUris = [],
    postLogoutRedirectUris = [],
    firstParty = false,
    adminApiRole = null,
  },
) {
  const now = iso(Date.now() - 5_000);
  const profileId =
    db.prepare("SELECT id FROM Profile WHERE identifier = ?").pluck().get(profile) ?? db.prepare("SELECT id FROM Profile LIMIT 1").pluck().get();
  const internal = id();
  // owners and contacts by hand: SQLite reads the migration's DEFAULT [] as an empty string.
  db.prepare(
    `INSERT INTO Client (id, clientId, displayName, description, redirectUris, postLogoutRedirectUris, flow, idTokenSignedResponseAlg, tokenEndpointAuthMethod, profileId, enabled, firstParty, adminApiRole, owners, contacts, version, createdAt, updatedAt)
     VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, 1, ?, ?, '[]', '[]', 1, ?, ?)`,
  ).run(
    internal,
    clientId,
    clientId,
    JSON.stringify(redirectUris),
    JSON.stringify(postLogoutRedirectUris),
    flow,
    alg,
    method,
    profileId,
    firstParty ? 1 : 0,
    adminApiRole,
    now,
    now,
  );
  if (secret) {
    db.prepare(`INSERT INTO Secret (id, clientInternalId, hash, hint, createdAt, createdBy) VALUES (?, ?, ?, ?, ?, 'bench')`).run(
      id(),
      internal,
      hashSecret(secret),
      secret.slice(-4),
      now,
    );
  }
  for (const scopeId of scopeIds) db.prepare(`INSERT INTO ClientScope (clientInternalId, scopeId) VALUES (?, ?)`).run(internal, scopeId);
  return clientId;
}

/** Inserts an enabled scope; returns its id. */
export function insertScope(db, name) {
  const now = iso(Date.now());
  const scopeId = id();
  db.prepare(`INSERT INTO Scope (id, name, displayName, enabled, builtIn, createdAt, updatedAt) VALUES (?, ?, ?, 1, 0, ?, ?)`).run(
    scopeId,
    name,
    name,
    now,
    now,
  );
  return scopeId;
}

/** The id of a scope by name (the built-in openid, profile and email are seeded). */
export function scopeIdOf(db, name) {
  return db.prepare("SELECT id FROM Scope WHERE name = ?").pluck().get(name);
}
