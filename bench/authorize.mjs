// Benchmark: the authorization-code round trip of a signed-in end user, side by side with panva's
// oidc-provider 9 standalone (bench/lib/oidc-code-peer.mjs). Each round trip: GET /authorize (code,
// PKCE S256, state, nonce; a first-party client, so no consent) → the redirect to the app with the
// code (state checked) → POST /token (authorization_code, code_verifier, client_secret_basic) → an
// access token and an ES256 ID token with the request's nonce; anything else counts as an error.
// Each worker is one end user with a session made once through the real flow: at the portal,
// its Active identity provider (the peer, which signs the next account in at once) and back; at the
// peer, its own interaction. Alternating rounds of the same load; prints round trips/s, p50, p99,
// errors, the ratio, and the CPU time each server spent per round trip (from /proc: the figure that
// moves least when other work shares the machine). Prints figures; asserts nothing.
//
//   node bench/authorize.mjs          (npm run bench runs it)
//   BENCH_DURATION=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=16 BENCH_PORT=3311
import os from "node:os";
import { performance } from "node:perf_hooks";
import {
  authorizationRequest,
  END_USER_ENV,
  fetchBrowser,
  importProviders,
  insertApiOwner,
  redeem,
  REDIRECT,
  SECRET,
  startCodePeer,
} from "./lib/end-users.mjs";
import { cpuMs, insertClient, scopeIdOf, startPortal } from "./lib/portal.mjs";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKERS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PORT = Number(process.env.BENCH_PORT ?? 3311);
const CLIENT = "bench-web";

console.log(`authorization-code benchmark · ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} · Node ${process.version}`);
console.log(`${WORKERS} signed-in end users at once × ${DURATION} s, ${ROUNDS} alternating rounds (median shown)\n`);

const portal = await startPortal({
  port: PORT,
  env: END_USER_ENV,
  prepare: (db) => {
    insertApiOwner(db);
    insertClient(db, {
      clientId: CLIENT,
      flow: "AuthorizationCode",
      secret: SECRET,
      redirectUris: [REDIRECT],
      firstParty: true,
      scopeIds: ["openid", "profile", "email"].map((name) => scopeIdOf(db, name)),
    });
  },
});
const peer = await startCodePeer(portal.url);
await importProviders(portal.url, peer.url, { "bench-active": "Active" });

const sides = {
  "oidc-provider": { authorize: `${peer.url}/auth`, token: `${peer.url}/token`, pid: peer.pid },
  portal: { authorize: `${portal.url}/oauth/authorize`, token: `${portal.url}/oauth/token`, pid: portal.pid },
};

/** One round trip in `browser`'s session; throws unless it ends with the tokens. */
async function roundTrip(side, browser) {
  const authorization = authorizationRequest(side.authorize, CLIENT);
  const answer = await browser.send(authorization.url);
  const location = answer.headers.location ?? "";
  if ((answer.status !== 302 && answer.status !== 303) || !location.startsWith(REDIRECT)) {
    throw new Error(`authorize: ${answer.status} ${location.slice(0, 80) || answer.body.slice(0, 200)}`);
  }
  await redeem(side.token, CLIENT, authorization, new URL(location));
}

/** WORKERS end users, each signed in once (their first round trip, through the sign-in pages). */
async function signedIn(side) {
  return Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const browser = fetchBrowser();
      const authorization = authorizationRequest(side.authorize, CLIENT);
      await redeem(side.token, CLIENT, authorization, await browser.go(authorization.url, REDIRECT));
      return browser;
    }),
  );
}

async function load(side, browsers, seconds) {
  const latencies = [];
  let errors = 0;
  let firstError = null;
  const started = performance.now();
  const cpuBefore = cpuMs(side.pid);
  const until = started + seconds * 1000;
  await Promise.all(
    browsers.map(async (browser) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await roundTrip(side, browser);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error.message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = (cpuMs(side.pid) - cpuBefore) / Math.max(1, latencies.length + errors);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), cpu, ok: latencies.length, errors, firstError };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sessions = {};
for (const [name, side] of Object.entries(sides)) sessions[name] = await signedIn(side);

const names = Object.keys(sides);
const runs = new Map(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    await load(sides[name], sessions[name], 1); // warm-up
    runs.get(name).push(await load(sides[name], sessions[name], DURATION));
  }
}

const peerRps = median(runs.get("oidc-provider").map((r) => r.rps));
const cell = (value, width, digits = 1) => value.toFixed(digits).padStart(width);
console.log("authorize → callback → token (signed-in end user, first-party client, ES256 ID token)");
console.log("  target                 round trips/s   p50 ms   p99 ms   CPU ms/trip         ok   errors   vs oidc-provider");
for (const name of names) {
  const rs = runs.get(name);
  const rps = median(rs.map((r) => r.rps));
  const ok = rs.reduce((s, r) => s + r.ok, 0);
  const errors = rs.reduce((s, r) => s + r.errors, 0);
  const [p50, p99, cpu] = ["p50", "p99", "cpu"].map((key) => median(rs.map((r) => r[key])));
  console.log(
    `  ${name.padEnd(22)} ${cell(rps, 13, 0)}   ${cell(p50, 6)}   ${cell(p99, 6)}   ${cell(cpu, 11)}   ${String(ok).padStart(8)}   ${String(errors).padStart(6)}   ${(rps / peerRps).toFixed(2)}×`,
  );
  const firstError = rs.find((r) => r.firstError)?.firstError;
  if (firstError) console.log(`    first error: ${firstError}`);
}

await Promise.all([portal.stop(), peer.stop()]);
process.exit(0);
