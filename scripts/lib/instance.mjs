// What the PostgreSQL checks of `npm test` share (scripts/two-instances.mjs,
// scripts/database-outage.mjs): a throwaway database with the schema and the first admin, the
// production server started on it, an Owner API client to drive the REST API, a token call.
import crypto from "node:crypto";
import pg from "pg";
import { startPostgres, withDatabase } from "./postgres.mjs";
import { ensureBuild, log, migrate, seed, spawnServer } from "./setup.mjs";

/**
 * Builds when needed, starts a throwaway PostgreSQL with a "portal" database, migrates and seeds it
 * (admin `admin.email` / `admin.password`). Returns the database (its `stop()`) and the servers' env:
 * production, with fresh AUTH_SECRET and PORTAL_ENCRYPTION_KEY, plus `env`.
 */
export async function preparePortal({ admin, env: extra = {}, durable = false }) {
  await ensureBuild();
  const database = await startPostgres({ log, durable });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('CREATE DATABASE "portal"');
  await client.end();
  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: withDatabase(database.url, "portal"),
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    PORTAL_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
  migrate(env);
  seed(env);
  return { database, env };
}

/**
 * An API client granted Owner on the admin API (ADR 008), written straight to the database: the one
 * thing made outside the portal, so the rest can go through the REST API. Returns its credentials.
 */
export async function seedApiClient(env, clientId = "automation") {
  const secret = crypto.randomBytes(24).toString("base64url");
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT id FROM "Profile" WHERE identifier = 'Administrator'`);
    await db.query(
      `INSERT INTO "Client" (id, "clientId", "displayName", "redirectUris", "postLogoutRedirectUris", flow, "idTokenSignedResponseAlg", "tokenEndpointAuthMethod", "profileId", "adminApiRole", "updatedAt")
       VALUES ($1, $1, 'Automation', '[]', '[]', 'ClientCredentials', 'ES256', 'client_secret_basic', $2, 'Owner', now())`,
      [clientId, rows[0].id],
    );
    await db.query(`INSERT INTO "Secret" (id, "clientInternalId", hash, hint, "createdBy") VALUES ($1, $2, $3, 'xxxx', 'test')`, [
      `${clientId}-secret`,
      clientId,
      crypto.createHash("sha256").update(secret).digest("base64"),
    ]);
  } finally {
    await db.end();
  }
  return { clientId, secret };
}

/**
 * Starts scripts/server.mjs on `port` (pushed on `children`, for the caller to stop); resolves once
 * it answers /healthz, with its base URL and its output so far.
 */
export async function startServer(name, port, env, children, limitMs = 180_000) {
  const child = spawnServer(port, { env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  child.stderr.on("data", (chunk) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString();
  const base = `http://localhost:${port}`;
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output()}`);
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { name, base, child, output };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not start:\n${output()}`);
}

/** A client_credentials token call with client_secret_basic: its status and JSON body. */
export async function tokenCall(base, clientId, secret, { signal } = {}) {
  const response = await fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
    signal,
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * A script's named checks. `check(name, body)` records ✓ (with the note `body` returns, if any)
 * or ✖ with why it threw; for an async `body` it returns the promise to await. `print()` prints the
 * lines and returns how many failed; `summary(what)` is the closing line.
 */
export function checklist(started) {
  const results = [];
  const pass = (name, note) => results.push(`✓ ${name}${note ? ` — ${note}` : ""}`);
  const fail = (name, error) =>
    results.push(
      `✖ ${name}\n    ${String(error?.message ?? error)
        .split("\n")
        .join("\n    ")}`,
    );
  const failed = () => results.filter((r) => r.startsWith("✖")).length;
  return {
    results,
    check(name, body) {
      try {
        const note = body();
        if (note instanceof Promise)
          return note.then(
            (n) => pass(name, n),
            (error) => fail(name, error),
          );
        pass(name, note);
      } catch (error) {
        fail(name, error);
      }
    },
    print() {
      for (const line of results) console.log(line);
      return failed();
    },
    summary: (what) => `${what}: ${results.length - failed()} passed, ${failed()} failed (${Math.round((Date.now() - started) / 1000)} s)`,
  };
}
