// Benchmark: the token path side by side with panva's oidc-provider 9 (a certified Node OpenID
// provider, dev dependency) configured with the same kind of clients. Alternating rounds of the same
// load (autocannon, 16 connections) against each; prints tokens/s, p50, p99, errors and the ratio,
// the CPU time each server spent per request (from /proc: the figure that holds on a busy machine,
// where throughput follows whatever else runs), then the same with many clients taking turns,
// introspection and JWKS, and the portal's memory.
// Prints figures; asserts nothing.
//
//   node bench/token.mjs            (npm run bench runs it)
//   BENCH_DURATION=15 BENCH_ROUNDS=3 BENCH_CONNECTIONS=16 BENCH_PORT=3305
//   BENCH_MANY_CLIENTS=500          clients of the "in turn" rows (0 leaves them out)
//   BENCH_BASELINE_DIST=.next-before   also runs an older build (next start) as a third target
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { cpuMs, insertClient, insertScope, rssMb, servingChild, startPortal } from "./lib/portal.mjs";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3305);
const BASELINE = process.env.BENCH_BASELINE_DIST;
const MANY = Number(process.env.BENCH_MANY_CLIENTS ?? 500);

const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvw";
const basic = (id) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(SECRET)}`).toString("base64")}`;
const form = { "content-type": "application/x-www-form-urlencoded" };
const NO_LIMITS = {
  RATE_LIMIT_TOKEN_PER_CLIENT: "0",
  RATE_LIMIT_TOKEN_PER_ADDRESS: "0",
  RATE_LIMIT_INTROSPECT_PER_ADDRESS: "0",
};

function prepare(db) {
  const scope = insertScope(db, "orders.read");
  for (const alg of ["ES256", "RS256"]) insertClient(db, { clientId: `bench-${alg.toLowerCase()}`, alg, secret: SECRET, scopeIds: [scope] });
  db.transaction(() => {
    for (let i = 0; i < MANY; i++) insertClient(db, { clientId: `many-${i}`, alg: "ES256", secret: SECRET, scopeIds: [scope] });
  })();
}

// The peer runs in a process of its own, as the portal does (never beside autocannon).
async function startPeer(port) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "lib", "oidc-peer.mjs"), String(port), SECRET, String(MANY)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  return servingChild(child, url);
}

async function load(target) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...target });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function postForm(url, headers, body) {
  const response = await fetch(url, { method: "POST", headers: { ...form, ...headers }, body });
  const json = await response.json();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

console.log(`token benchmark · ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version}`);
console.log(`${CONNECTIONS} connections × ${DURATION} s, ${ROUNDS} alternating rounds (median shown)\n`);

const portal = await startPortal({ port: BASE_PORT, env: NO_LIMITS, prepare });
const peer = await startPeer(BASE_PORT + 1);
const baseline = BASELINE ? await startPortal({ port: BASE_PORT + 2, env: NO_LIMITS, prepare, baselineDist: BASELINE }) : null;
const idleRss = rssMb(portal.pid);

const grant = "grant_type=client_credentials";
const targets = {
  token: [
    ["oidc-provider ES256", { url: `${peer.url}/token`, method: "POST", headers: { ...form, authorization: basic("bench-es256") }, body: grant }],
    ["portal ES256", { url: `${portal.url}/oauth/token`, method: "POST", headers: { ...form, authorization: basic("bench-es256") }, body: grant }],
    ["oidc-provider RS256", { url: `${peer.url}/token`, method: "POST", headers: { ...form, authorization: basic("bench-rs256") }, body: grant }],
    ["portal RS256", { url: `${portal.url}/oauth/token`, method: "POST", headers: { ...form, authorization: basic("bench-rs256") }, body: grant }],
    ...(baseline
      ? [
          [
            "before (next start) ES256",
            { url: `${baseline.url}/oauth/token`, method: "POST", headers: { ...form, authorization: basic("bench-es256") }, body: grant },
          ],
        ]
      : []),
  ],
};

// Many clients taking turns (each request the next client). The portal writes when a client last got
// a token (at most once a minute per client), and on SQLite each commit empties the caches of client
// records; a staggered warm-up gives each client its first token at a different moment of a minute,
// so those writes come spread out over the rounds, as they do in real use, not all at once.
const inTurn = (url) => {
  let next = 0;
  return {
    url,
    method: "POST",
    headers: form,
    body: grant,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...form, authorization: basic(`many-${next++ % MANY}`) } }) }],
  };
};
const manyKind = `token, ${MANY} clients in turn (ES256)`;
if (MANY > 0) {
  targets[manyKind] = [
    ["oidc-provider", inTurn(`${peer.url}/token`)],
    ["portal", inTurn(`${portal.url}/oauth/token`)],
    ...(baseline ? [["before", inTurn(`${baseline.url}/oauth/token`)]] : []),
  ];
}
async function staggeredWarmUp() {
  const urls = [portal, baseline].filter(Boolean).map((p) => `${p.url}/oauth/token`);
  const started = Date.now();
  for (let i = 0; i < MANY; i++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (i * 60_000) / MANY - Date.now())));
    await Promise.all(urls.map((url) => postForm(url, { authorization: basic(`many-${i}`) }, grant)));
  }
}

// Tokens to introspect: each server's own (TOKEN_POOL of them, taken in turn, as resource servers
// see many tokens), introspected by the client that got them.
const TOKEN_POOL = Number(process.env.BENCH_TOKEN_POOL ?? 200);
async function tokenPool(url, body) {
  const tokens = [];
  for (let i = 0; i < TOKEN_POOL; i++) tokens.push((await postForm(url, { authorization: basic("bench-es256") }, body)).access_token);
  return tokens;
}
/** A POST whose body names the next token of `tokens` on each request. */
function introspecting(url, tokens) {
  let next = 0;
  return {
    url,
    method: "POST",
    headers: { ...form, authorization: basic("bench-es256") },
    requests: [{ setupRequest: (request) => ({ ...request, body: `token=${tokens[next++ % tokens.length]}` }) }],
  };
}
targets.introspection = [
  [
    "oidc-provider (opaque token)",
    introspecting(`${peer.url}/token/introspection`, await tokenPool(`${peer.url}/token`, `${grant}&resource=urn:bench:opaque`)),
  ],
  ["portal (JWT, ES256)", introspecting(`${portal.url}/oauth/introspect`, await tokenPool(`${portal.url}/oauth/token`, grant))],
];
targets.jwks = [
  ["oidc-provider", { url: `${peer.url}/jwks` }],
  ["portal", { url: `${portal.url}/.well-known/jwks.json` }],
];
if (baseline) {
  targets.introspection.push(["before (next start)", introspecting(`${baseline.url}/oauth/introspect`, await tokenPool(`${baseline.url}/oauth/token`, grant))]);
  targets.jwks.push(["before (next start)", { url: `${baseline.url}/.well-known/jwks.json` }]);
}

let loadRss = 0;
/** The server process a target's name stands for (its CPU time is read from /proc). */
const serverOf = (name) => (name.startsWith("oidc-provider") ? peer : name.startsWith("before") ? baseline : portal);
for (const [kind, list] of Object.entries(targets)) {
  if (kind === manyKind) {
    console.log(`(${manyKind}: a 60 s staggered warm-up first)`);
    await staggeredWarmUp();
  }
  const runs = new Map(list.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order too, so neither side always runs first in a round.
    const order = round % 2 ? [...list].reverse() : list;
    for (const [name, target] of order) {
      await load({ ...target, duration: 1 }); // warm-up
      const sampler = name.startsWith("portal") ? setInterval(() => (loadRss = Math.max(loadRss, rssMb(portal.pid))), 500) : null;
      const pid = serverOf(name).pid;
      const cpuBefore = cpuMs(pid);
      const result = await load(target);
      result.cpu = (cpuMs(pid) - cpuBefore) / Math.max(1, result.ok + result.errors);
      runs.get(name).push(result);
      if (sampler) clearInterval(sampler);
    }
  }
  const peerRps = median(runs.get(list[0][0]).map((r) => r.rps));
  console.log(kind);
  console.log("  target                          req/s     p50 ms   p99 ms   CPU ms/req   2xx        errors   vs oidc-provider");
  for (const [name] of list) {
    const rs = runs.get(name);
    const rps = median(rs.map((r) => r.rps));
    const peerOfAlg = name.includes("RS256") && kind === "token" ? median(runs.get("oidc-provider RS256").map((r) => r.rps)) : peerRps;
    console.log(
      `  ${name.padEnd(30)} ${rps.toFixed(0).padStart(7)}   ${String(median(rs.map((r) => r.p50))).padStart(6)}   ${String(median(rs.map((r) => r.p99))).padStart(6)}   ` +
        `${median(rs.map((r) => r.cpu))
          .toFixed(2)
          .padStart(10)}   ` +
        `${String(rs.reduce((s, r) => s + r.ok, 0)).padStart(8)}   ${String(rs.reduce((s, r) => s + r.errors, 0)).padStart(6)}   ${(rps / peerOfAlg).toFixed(2)}×`,
    );
  }
  console.log("");
}
console.log(`portal RSS: idle ${idleRss.toFixed(0)} MB, under load (max) ${loadRss.toFixed(0)} MB`);

await Promise.all([portal.stop(), peer.stop(), baseline?.stop()]);
process.exit(0);
