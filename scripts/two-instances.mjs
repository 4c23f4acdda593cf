// Two production servers (scripts/server.mjs) on one PostgreSQL database, with the same AUTH_SECRET
// and PORTAL_ENCRYPTION_KEY, as a load balancer would run them (issue 11). Checks, over HTTP only:
//   1. a session made on A works on B;
//   2. a client secret created on A validates a token call on B;
//   3. signing keys rotated on A are served in B's JWKS and sign B's tokens within the bound the
//      README states (PostgreSQL: 1 second, lib/db/change-epoch.ts);
//   4. a client disabled on A is refused by A and by B within that same bound;
//   5. secret expiry warnings, found by both instances' scans and sent by both outbox workers to one
//      SMTP server, arrive once each (the outbox's dedupe key and lease, lib/notifications).
// Drives A as its users do: a browser (Playwright's Chromium) signs in and rotates the keys on the
// Signing keys page; clients are made and disabled through the REST API. Uses the current
// production build (run after `next build`; `npm test` runs it after the e2e build,
// `npm run test:instances` builds when needed). Prints what it measured; exit 1 on a failure.
import assert from "node:assert/strict";
import { chromium } from "@playwright/test";
import { checklist, preparePortal, seedApiClient, startServer, tokenCall as token } from "./lib/instance.mjs";
import pg from "pg";
import { freePort } from "./lib/postgres.mjs";
import { startSmtpReceiver } from "../lib/testing/smtp-receiver.mjs";

/** The bound the README states for PostgreSQL (POSTGRES_CACHE_BOUND_MS), plus scheduling slack. */
const BOUND_MS = 1000;
const SLACK_MS = 500;

const ADMIN = { email: "instances@example.test", password: "instances-Password-1" };
const children = [];
let database;
let browser;

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  database?.stop();
}
process.on("exit", stopAll);

/** The REST API of `server` as the Owner API client: method, path, JSON body → status and JSON. */
async function rest(server, credentials, method, path, body) {
  const issued = await token(server.base, credentials.clientId, credentials.secret);
  assert.equal(issued.status, 200, `no API token from ${server.name}: ${JSON.stringify(issued.body)}`);
  const response = await fetch(`${server.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${issued.body.access_token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
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
const smtp = await startSmtpReceiver();
let env;
({ database, env } = await preparePortal({
  admin: ADMIN,
  // This checks what two instances share (sessions, clients, keys); the second step of an Owner's
  // sign-in is the e2e suite's (e2e/mfa.spec.ts), so the password alone signs in here.
  env: { MFA_REQUIRED_FOR: "none", SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200", SECRET_EXPIRY_SCAN_MS: "1000" },
}));
const automation = await seedApiClient(env);
const [a, b] = await Promise.all([startServer("A", await freePort(), env, children, 60_000), startServer("B", await freePort(), env, children, 60_000)]);
const { results, check, print, summary } = checklist(started);

try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ baseURL: a.base });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  await check("a session made on A works on B", async () => {
    const shown = await fetch(`${b.base}/clients`, { headers: { cookie }, redirect: "manual" });
    assert.equal(shown.status, 200, `B answered ${shown.status} ${shown.headers.get("location") ?? ""}`);
    assert.match(await shown.text(), /<h1[^>]*>Clients<\/h1>/);
    const signedOut = await fetch(`${b.base}/clients`, { redirect: "manual" });
    assert.equal(signedOut.status, 307, "B without the cookie must redirect to sign-in");
  });

  const clientId = `instances-${Date.now().toString(36)}`;
  let secret = "";
  let internalId = "";

  await check("a client secret created on A validates a token call on B", async () => {
    const created = await rest(a, automation, "POST", "/api/v0/oidc/clients", {
      client_id: clientId,
      name: "Two instances",
      id_token_signed_response_alg: "ES256",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    secret = created.body.client_secret;
    internalId = created.body.id;
    const onB = await token(b.base, clientId, secret);
    assert.equal(onB.status, 200, JSON.stringify(onB.body));
  });

  await check(`keys rotated on A are served and used by B within ${BOUND_MS} ms`, async () => {
    const before = new Set(await jwksKids(b));
    await page.goto("/keys");
    await page.getByRole("button", { name: "Rotate keys" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Rotate the signing keys?" });
    await confirm.getByRole("button", { name: "Rotate keys" }).click();
    await confirm.waitFor({ state: "hidden" });
    const fresh = (await jwksKids(a)).filter((kid) => !before.has(kid));
    assert.ok(fresh.length > 0, "A serves no new key after the rotation");
    const served = await within(BOUND_MS + SLACK_MS, "B serves the new keys", async () => {
      const kids = await jwksKids(b);
      return fresh.every((kid) => kids.includes(kid));
    });
    const used = await within(BOUND_MS + SLACK_MS, "B signs with a new key", async () => {
      const issued = await token(b.base, clientId, secret);
      return issued.status === 200 && fresh.includes(kidOf(issued.body.access_token));
    });
    return `B served them after ${served} ms, signed with one after ${used} ms more`;
  });

  await check(`a client disabled on A is refused by A and B within ${BOUND_MS} ms`, async () => {
    // Both instances have the client cached from the calls above.
    assert.equal((await token(a.base, clientId, secret)).status, 200);
    assert.equal((await token(b.base, clientId, secret)).status, 200);
    const disabled = await rest(a, automation, "PUT", `/api/v0/oidc/clients/${internalId}`, { enabled: false });
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    const [onA, onB] = await Promise.all(
      [a, b].map((server) =>
        within(BOUND_MS + SLACK_MS, `${server.name} refuses the disabled client`, async () => {
          const answer = await token(server.base, clientId, secret);
          return answer.status === 401 && answer.body.error === "invalid_client";
        }),
      ),
    );
    return `A refused it after ${onA} ms, B after ${onB} ms`;
  });

  await check("expiry warnings found and sent by both instances arrive once each", async () => {
    const owner = await rest(a, automation, "POST", "/api/v0/oidc/clients", { client_id: `${clientId}-expiring`, name: "Expiring secrets" });
    assert.equal(owner.status, 201, JSON.stringify(owner.body));
    const expiration = new Date(Date.now() + 5 * 24 * 60 * 60 * 1000).toISOString();
    const descriptions = Array.from({ length: 8 }, (_, i) => `two-instances ${i}`);
    for (const [i, description] of descriptions.entries()) {
      const made = await rest(i % 2 ? a : b, automation, "POST", `/api/v0/oidc/clients/${owner.body.id}/secrets`, { description, expiration });
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
    const warned = (description) => smtp.mails.filter((mail) => mail.text.includes(`"${description}"`));
    const took = await within(20_000, "every warning arrives", async () => descriptions.every((d) => warned(d).length > 0));
    await new Promise((resolve) => setTimeout(resolve, 3000)); // both scans and workers run again meanwhile
    for (const description of descriptions) assert.equal(warned(description).length, 1, `"${description}": ${warned(description).length} mails`);
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query(`SELECT count(*)::int AS n, sum(attempts)::int AS attempts FROM "OutboxMessage" WHERE kind = 'email.secretExpiry'`);
    await db.end();
    assert.deepEqual(rows[0], { n: descriptions.length, attempts: descriptions.length }, "one row and one attempt per warning");
    return `${descriptions.length} warnings, each mailed once, within ${took} ms`;
  });
} catch (error) {
  results.push(`✖ setup: ${error?.stack ?? error}`);
}

const failed = print();
if (failed) console.log(`\n--- A's output ---\n${a.output().slice(-4000)}\n--- B's output ---\n${b.output().slice(-4000)}`);
console.log(summary("two instances on PostgreSQL"));
await browser?.close();
await smtp.close();
stopAll();
process.exit(failed ? 1 : 0);
