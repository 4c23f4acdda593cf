// Two production servers (scripts/server.mjs) on one PostgreSQL database, with the same AUTH_SECRET
// and PORTAL_ENCRYPTION_KEY, as a load balancer would run them (issue 11). Checks, over HTTP only:
//   1. a session made on A works on B;
//   2. a client secret created on A validates a token call on B;
//   3. signing keys rotated on A are served in B's JWKS and sign B's tokens within the bound the
//      README states (PostgreSQL: 1 second, lib/db/change-epoch.ts);
//   4. a client disabled on A is refused by A and by B within that same bound.
// Uses the current production build (run after `next build`; `npm test` runs it after the e2e
// build, `npm run test:instances` builds when needed). Prints what it measured; exit 1 on a failure.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort, startPostgres, withDatabase } from "./lib/postgres.mjs";
import { DIST_DIR, ROOT, ensureBuild, log, migrate, seed, spawnServer } from "./lib/setup.mjs";

/** The bound the README states for PostgreSQL (POSTGRES_CACHE_BOUND_MS), plus scheduling slack. */
const BOUND_MS = 1000;
const SLACK_MS = 500;

const ADMIN = { email: "instances@example.test", password: "instances-Password-1" };
const children = [];
let database;

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  database?.stop();
}
process.on("exit", stopAll);

/** Starts scripts/server.mjs on `port`; resolves once it answers /healthz. */
async function startServer(name, port, env) {
  const child = spawnServer(port, { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  const base = `http://localhost:${port}`;
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${Buffer.concat(output).toString()}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { name, base, output: () => Buffer.concat(output).toString() };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not start:\n${Buffer.concat(output).toString()}`);
}

/** Cookies as a browser keeps them: name → value, from Set-Cookie headers. */
function remember(jar, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * Signs in on `server` as the browser's sign-in form does: the sign-in server action (lib/auth/actions.ts
 * #authenticate) with the form's fields, encoded as React sends a FormData argument. Returns the cookie jar.
 */
async function signIn(server, actionId) {
  const jar = new Map();
  const body = new FormData();
  for (const [name, value] of Object.entries({ email: ADMIN.email, password: ADMIN.password, callbackUrl: "/" })) body.append(`_1_${name}`, value);
  // The arguments last, as React sends them: [previous state, the form's FormData].
  body.append("0", JSON.stringify(["$undefined", "$K1"]));
  const response = await fetch(`${server.base}/sign-in`, {
    method: "POST",
    headers: { "next-action": actionId, accept: "text/x-component", origin: server.base },
    body,
    redirect: "manual",
  });
  remember(jar, response);
  assert.ok([...jar.keys()].some((k) => k.includes("session-token")), `no session cookie from ${server.name} (${response.status})`);
  return jar;
}

/** The server-action ids of the build, by "<file>#<export>" (Next.js's server-reference manifest). */
function actionIds() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, DIST_DIR, "server", "server-reference-manifest.json"), "utf8"));
  const ids = new Map();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename && entry.exportedName) ids.set(`${entry.filename}#${entry.exportedName}`, id);
  }
  return ids;
}

/** Calls a server action on `server` as the signed-in admin, as the browser does; returns its ActionResult. */
async function callAction(server, jar, id, page, input) {
  const response = await fetch(`${server.base}${page}`, {
    method: "POST",
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: server.base, cookie: cookieHeader(jar) },
    body: JSON.stringify([input]),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `action on ${server.name}: ${response.status} ${text.slice(0, 300)}`);
  // The flight answer's row that carries the ActionResult ({"ok":…}).
  const row = text.split("\n").map((line) => line.slice(line.indexOf(":") + 1)).find((json) => json.startsWith('{"ok"'));
  assert.ok(row, `no ActionResult in the answer of ${server.name}: ${text.slice(0, 300)}`);
  return JSON.parse(row);
}

async function token(server, clientId, secret) {
  const response = await fetch(`${server.base}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  return { status: response.status, body: await response.json() };
}

const kidOf = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString()).kid;
const jwksKids = async (server) => (await (await fetch(`${server.base}/.well-known/jwks.json`)).json()).keys.map((k) => k.kid);

/** Polls `check` until it is true; returns the time it took, or fails after `limit` ms. */
async function within(limit, what, check) {
  const started = performance.now();
  for (;;) {
    if (await check()) return Math.round(performance.now() - started);
    if (performance.now() - started > limit) throw new assert.AssertionError({ message: `${what}: not within ${limit} ms` });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const started = Date.now();
await ensureBuild();
database = await startPostgres({ log });
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query('CREATE DATABASE "portal"');
await admin.end();
const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: withDatabase(database.url, "portal"),
  AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  PORTAL_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  NEXT_TELEMETRY_DISABLED: "1",
  // This checks what two instances share (sessions, clients, keys); the second step of an Owner's
  // sign-in is the e2e suite's (e2e/mfa.spec.ts), so the password alone signs in here.
  MFA_REQUIRED_FOR: "none",
};
migrate(env);
seed(env);
const [portA, portB] = [await freePort(), await freePort()];
const [a, b] = await Promise.all([startServer("A", portA, { ...env, PORT: String(portA) }), startServer("B", portB, { ...env, PORT: String(portB) })]);
const results = [];
const check = async (name, body) => {
  try {
    const note = await body();
    results.push(`✓ ${name}${note ? ` — ${note}` : ""}`);
  } catch (error) {
    results.push(`✖ ${name}\n    ${String(error?.message ?? error).split("\n").join("\n    ")}`);
  }
};

try {
  const ids = actionIds();
  const action = (key) => {
    const id = ids.get(key);
    assert.ok(id, `no server action ${key} in the build`);
    return id;
  };
  const jar = await signIn(a, action("lib/auth/actions.ts#authenticate"));

  await check("a session made on A works on B", async () => {
    const page = await fetch(`${b.base}/clients`, { headers: { cookie: cookieHeader(jar) }, redirect: "manual" });
    assert.equal(page.status, 200, `B answered ${page.status} ${page.headers.get("location") ?? ""}`);
    assert.match(await page.text(), /<h1[^>]*>Clients<\/h1>/);
    const signedOut = await fetch(`${b.base}/clients`, { redirect: "manual" });
    assert.equal(signedOut.status, 307, "B without the cookie must redirect to sign-in");
  });

  const pool = new pg.Client({ connectionString: env.DATABASE_URL });
  await pool.connect();
  const { rows } = await pool.query(`SELECT id FROM "Profile" WHERE identifier = 'Administrator'`);
  await pool.end();
  const clientId = `instances-${Date.now().toString(36)}`;
  let secret = "";
  let internalId = "";

  await check("a client secret created on A validates a token call on B", async () => {
    const created = await callAction(a, jar, action("lib/clients/actions.ts#createClient"), "/clients/new", {
      clientId,
      displayName: "Two instances",
      description: "",
      redirectUris: "",
      postLogoutRedirectUris: "",
      flow: "ClientCredentials",
      idTokenSignedResponseAlg: "ES256",
      tokenEndpointAuthMethod: "client_secret_basic",
      profileId: rows[0].id,
      profileContextId: "",
      expiresAt: "",
      enabled: true,
      scopeIds: [],
    });
    assert.equal(created.ok, true, JSON.stringify(created));
    secret = created.data.secret.value;
    internalId = created.data.id;
    const onB = await token(b, clientId, secret);
    assert.equal(onB.status, 200, JSON.stringify(onB.body));
  });

  await check(`keys rotated on A are served and used by B within ${BOUND_MS} ms`, async () => {
    const before = new Set(await jwksKids(b));
    const rotated = await callAction(a, jar, action("lib/oauth/actions.ts#rotateSigningKeysAction"), "/keys", {});
    assert.equal(rotated.ok, true, JSON.stringify(rotated));
    const fresh = (await jwksKids(a)).filter((kid) => !before.has(kid));
    assert.ok(fresh.length > 0, "A serves no new key after the rotation");
    const served = await within(BOUND_MS + SLACK_MS, "B serves the new keys", async () => {
      const kids = await jwksKids(b);
      return fresh.every((kid) => kids.includes(kid));
    });
    const used = await within(BOUND_MS + SLACK_MS, "B signs with a new key", async () => {
      const issued = await token(b, clientId, secret);
      return issued.status === 200 && fresh.includes(kidOf(issued.body.access_token));
    });
    return `B served them after ${served} ms, signed with one after ${used} ms more`;
  });

  await check(`a client disabled on A is refused by A and B within ${BOUND_MS} ms`, async () => {
    // Both instances have the client cached from the calls above.
    assert.equal((await token(a, clientId, secret)).status, 200);
    assert.equal((await token(b, clientId, secret)).status, 200);
    const disabled = await callAction(a, jar, action("lib/clients/actions.ts#setClientEnabled"), `/clients/${internalId}`, { id: internalId, enabled: false });
    assert.equal(disabled.ok, true, JSON.stringify(disabled));
    const [onA, onB] = await Promise.all(
      [a, b].map((server) =>
        within(BOUND_MS + SLACK_MS, `${server.name} refuses the disabled client`, async () => {
          const answer = await token(server, clientId, secret);
          return answer.status === 401 && answer.body.error === "invalid_client";
        }),
      ),
    );
    return `A refused it after ${onA} ms, B after ${onB} ms`;
  });
} catch (error) {
  results.push(`✖ setup: ${error?.stack ?? error}`);
}

const failed = results.filter((r) => r.startsWith("✖"));
for (const line of results) console.log(line);
if (failed.length) console.log(`\n--- A's output ---\n${a.output().slice(-4000)}\n--- B's output ---\n${b.output().slice(-4000)}`);
console.log(`two instances on PostgreSQL: ${results.length - failed.length} passed, ${failed.length} failed (${Math.round((Date.now() - started) / 1000)} s)`);
stopAll();
process.exit(failed.length ? 1 : 0);
