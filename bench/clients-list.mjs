// Benchmark: the signed-in clients list over HTTP at 1,000, 10,000 and 100,000 clients — the first
// page, a deep page, a sort, searches and filters — with the ratio of the 100k case to the 1k case.
// Signs in through the real sign-in page (Chromium), then loads pages with autocannon and the session
// cookie, as a browser's full page load (HTML) does. Prints figures; asserts nothing.
//
//   node bench/clients-list.mjs       (npm run bench runs it)
//   BENCH_DURATION=5 BENCH_CONNECTIONS=8 BENCH_PORT=3308
import os from "node:os";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { launch, signIn } from "./lib/browser.mjs";
import { startPortal } from "./lib/portal.mjs";

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3308);
const SIZES = [1_000, 10_000, 100_000];

const iso = (ms) => new Date(ms).toISOString();

/** Adds clients `from`…`to - 1` straight into the database (a second connection, while the portal runs). */
function addClients(file, from, to) {
  const db = new Database(file);
  db.pragma("busy_timeout = 5000");
  const profiles = db.prepare("SELECT id FROM Profile ORDER BY identifier").pluck().all();
  const insert = db.prepare(
    `INSERT INTO Client (id, clientId, displayName, description, redirectUris, postLogoutRedirectUris, flow, idTokenSignedResponseAlg, tokenEndpointAuthMethod, profileId, expiresAt, enabled, version, createdAt, updatedAt)
     VALUES (?, ?, ?, '', '[]', '[]', 'ClientCredentials', 'RS256', 'client_secret_basic', ?, ?, ?, 1, ?, ?)`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const created = now - (SIZES.at(-1) - i) * 60_000;
      insert.run(`bc${i.toString(36).padStart(8, "0")}`, `client-${i}`, `Service ${i % 997} #${i}`, profiles[i % 3 ? 0 : profiles.length - 1],
        i % 10 === 0 ? iso(now - 86_400_000) : null, i % 17 === 0 ? 0 : 1, iso(created), iso(created + 1000));
    }
  })();
  db.pragma("optimize");
  const secondProfile = profiles.at(-1);
  db.close();
  return secondProfile;
}

console.log(`clients-list benchmark · ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} · Node ${process.version}`);
console.log(`${CONNECTIONS} connections × ${DURATION} s per case, signed in, full HTML page loads\n`);

const portal = await startPortal({
  port: PORT,
  prepare: (db) => {
    const now = iso(Date.now());
    db.prepare(`INSERT INTO Profile (id, identifier, displayName, description, createdAt, updatedAt) VALUES ('bench-p2', 'RoleOfficer', 'Role officer', '', ?, ?)`).run(now, now);
  },
});
const browser = await launch();
const { cookie } = await signIn(browser, portal.url);

const results = new Map();
let have = 0;
for (const size of SIZES) {
  const profile = addClients(portal.dbFile, have, size);
  have = size;
  const cases = [
    ["first page (default sort)", "/clients"],
    ["deep page (middle of the list)", `/clients?page=${Math.floor(size / 50)}&size=25`],
    ["sort by display name", "/clients?sort=displayName&dir=asc"],
    ["search one client id", `/clients?q=client-${size - 7}`],
    ["search many ('Service 42 ')", "/clients?q=Service+42+"],
    ["status expired", "/clients?status=expired"],
    ["status disabled + profile", `/clients?status=disabled&profile=${profile}`],
  ];
  console.log(`${size.toLocaleString("en")} clients`);
  console.log(`  ${"case".padEnd(34)} ${"pages/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)}  errors`);
  for (const [name, path] of cases) {
    await autocannon({ url: `${portal.url}${path}`, headers: { cookie }, connections: 2, duration: 1 }); // warm-up
    const r = await autocannon({ url: `${portal.url}${path}`, headers: { cookie }, connections: CONNECTIONS, duration: DURATION });
    results.set(`${size}:${name}`, r);
    console.log(`  ${name.padEnd(34)} ${r.requests.average.toFixed(1).padStart(8)} ${String(r.latency.p50).padStart(7)} ${String(r.latency.p99).padStart(7)}  ${r.errors + r.timeouts + r.non2xx}`);
  }
  console.log("");
}

console.log("p50 at 100,000 / p50 at 1,000 clients (pages/s in brackets):");
for (const key of results.keys()) {
  if (!key.startsWith(`${SIZES[0]}:`)) continue;
  const name = key.slice(key.indexOf(":") + 1);
  const small = results.get(key);
  const large = results.get(`${SIZES.at(-1)}:${name}`);
  console.log(`  ${name.padEnd(34)} ${(large.latency.p50 / small.latency.p50).toFixed(2)}×  (${small.requests.average.toFixed(0)} → ${large.requests.average.toFixed(0)} pages/s)`);
}

await browser.close();
await portal.stop();
process.exit(0);
