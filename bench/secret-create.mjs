// Benchmark: creating a client secret end to end — generate, hash, store and audit in one
// transaction — through the admin REST API (POST /api/v0/oidc/clients/{id}/secrets with a bearer
// token), as a deployment pipeline does; the server action of the client page runs the same service
// (createClientSecretRecord). Latency per request, one at a time and 4 at once, from this process.
// Prints figures; asserts nothing.
//
//   node bench/secret-create.mjs      (npm run bench runs it)
//   BENCH_REQUESTS=400 BENCH_PORT=3310
import os from "node:os";
import { insertClient, rssMb, startPortal } from "./lib/portal.mjs";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const API_SECRET = "bench-api-secret-0123456789abcdef";

console.log(`secret-creation benchmark · ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} · Node ${process.version}`);
const ids = {};
const portal = await startPortal({
  port: PORT,
  env: { RATE_LIMIT_TOKEN_PER_CLIENT: "0", RATE_LIMIT_TOKEN_PER_ADDRESS: "0" },
  prepare: (db) => {
    insertClient(db, { clientId: "bench-api", secret: API_SECRET });
    insertClient(db, { clientId: "bench-target" });
    ids.target = db.prepare("SELECT id FROM Client WHERE clientId = 'bench-target'").pluck().get();
  },
});

const tokenResponse = await fetch(`${portal.url}/oauth/token`, {
  method: "POST",
  headers: {
    authorization: `Basic ${Buffer.from(`bench-api:${API_SECRET}`).toString("base64")}`,
    "content-type": "application/x-www-form-urlencoded",
  },
  body: "grant_type=client_credentials",
});
if (!tokenResponse.ok) throw new Error(`token: ${tokenResponse.status} ${await tokenResponse.text()}`);
const { access_token: token } = await tokenResponse.json();

let sequence = 0;
/** One secret creation; its latency in ms. Fails loudly on anything but 201 with a secret. */
async function createOne() {
  const started = process.hrtime.bigint();
  const response = await fetch(`${portal.url}/api/v0/oidc/clients/${ids.target}/secrets`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ description: `bench ${++sequence}`, expiration: null }),
  });
  const body = await response.json();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 201 || typeof body.secret !== "string") throw new Error(`create: ${response.status} ${JSON.stringify(body)}`);
  return ms;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
function report(label, latencies, seconds) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (v) => v.toFixed(1).padStart(6);
  console.log(
    `  ${label.padEnd(14)} ${String(sorted.length).padStart(5)} ${(sorted.length / seconds).toFixed(0).padStart(7)}/s  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1))} ms`,
  );
}

const idleRss = rssMb(portal.pid);
for (let i = 0; i < 30; i++) await createOne(); // warm-up: JIT, caches, SQLite pages

console.log(`\nPOST /api/v0/oidc/clients/{id}/secrets, ${REQUESTS} per case (after 30 warm-up requests)`);
for (const concurrency of [1, 4]) {
  const latencies = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (latencies.length < REQUESTS) latencies.push(await createOne());
    }),
  );
  report(`${concurrency} at a time`, latencies, (Date.now() - started) / 1000);
}
console.log(`\nportal RSS: ${idleRss.toFixed(0)} MB before, ${rssMb(portal.pid).toFixed(0)} MB after the run`);

await portal.stop();
process.exit(0);
