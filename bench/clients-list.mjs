// Benchmark: the signed-in clients list over HTTP at 1,000, 10,000 and 100,000 clients — the first
// page, a deep page, sorts on every column, searches and every filter — with the ratio of the 100k
// case to the 1k case (p50 and p95).
// Signs in through the real sign-in page (Chromium), then loads pages with autocannon and the session
// cookie, as a browser's full page load (HTML) does. The "click:" rows are what a click on a sort,
// page or search link costs once the app has loaded: the RSC payload (`RSC: 1`), not the HTML. The
// "view:" rows are a browser's whole page view: Chromium loads the page once and every request it
// makes to the server until the network is idle (the HTML and any RSC prefetches its links fire;
// not the build's static files, which a browser keeps) is recorded, then replayed in a loop under
// load; views/s is requests/s divided by the requests one view makes.
// Last, at the largest size: a bulk disable in one transaction (docs/decisions/031) of every
// AuthorizationCode client (one in 10: 10,000 at 100,000), through the list's bar in Chromium —
// "select all matching", confirm, the result shown; this build only (a baseline has no bulk actions).
// Prints figures (KB: the mean answer's size, per request of a view); asserts nothing.
//
//   node bench/clients-list.mjs       (npm run bench runs it)
//   BENCH_DURATION=5 BENCH_CONNECTIONS=8 BENCH_PORT=3308 BENCH_SIZES=1000,100000
//   BENCH_CASES=first,one client       only the cases whose name holds one of these ("bulk": the bulk disable)
//   BENCH_SIZES=1000 BENCH_CASES=bulk  a quick check of the bulk case (100 clients)
//   BENCH_BASELINE_DIST=.next-before   also runs an older build (on BENCH_PORT + 1, same data) in
//                                      alternating rounds (BENCH_ROUNDS, default 2) and prints ratios
import os from "node:os";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { launch, signIn } from "./lib/browser.mjs";
import { cpuMs, startPortal } from "./lib/portal.mjs";

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3308);
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const BASELINE = process.env.BENCH_BASELINE_DIST;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (BASELINE ? 2 : 1));
const ONLY = (process.env.BENCH_CASES ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

const iso = (ms) => new Date(ms).toISOString();

/**
 * Adds clients `from`…`to - 1` straight into the database (a second connection, while the portal
 * runs), with what the filters look at: one in 10 an AuthorizationCode client (half of those public)
 * and one in 20 a Hybrid one, each with a redirect URI on one of two hosts of example.com; one in 10
 * expired and one in 10 expiring in 3 days; one in 9 disabled; half in a second profile; one in 20
 * in a profile context and one in 20 with a scope; an owner of 13 teams; display names "Service N"
 * of 19. The owner and host rows of ClientLookup are written as the service writes them
 * (lib/clients/lookups.ts).
 * So every filter a case names matches at least a full page (50) at 1,000 clients already (the
 * "matches" column prints how many), both sizes render the same number of rows, and the ratio shows
 * what the size costs rather than a longer table. Finding one client among them all is the "one
 * client id" case.
 */
function addClients(file, from, to) {
  const db = new Database(file);
  db.pragma("busy_timeout = 5000");
  const profiles = db.prepare("SELECT id FROM Profile ORDER BY identifier").pluck().all();
  const scopeId = db.prepare("SELECT id FROM Scope WHERE name = 'bench.read'").pluck().get();
  const insert = db.prepare(
    `INSERT INTO Client (id, clientId, displayName, description, redirectUris, postLogoutRedirectUris, flow, idTokenSignedResponseAlg, tokenEndpointAuthMethod, profileId, profileContextId, owners, contacts, expiresAt, enabled, version, createdAt, updatedAt)
     VALUES (?, ?, ?, '', ?, '[]', ?, 'RS256', ?, ?, ?, ?, '[]', ?, ?, 1, ?, ?)`,
  );
  const lookup = db.prepare("INSERT INTO ClientLookup (kind, value, clientInternalId) VALUES (?, ?, ?)");
  const scope = db.prepare("INSERT INTO ClientScope (clientInternalId, scopeId) VALUES (?, ?)");
  const now = Date.now();
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const id = `bc${i.toString(36).padStart(8, "0")}`;
      const created = now - (SIZES.at(-1) - i) * 60_000;
      const flow = i % 10 === 0 ? "AuthorizationCode" : i % 20 === 1 ? "Hybrid" : "ClientCredentials";
      const domain = "example.com";
      const host = `app${i % 20 === 0 ? 0 : 1}.${domain}`;
      const owner = `team-${i % 13}`;
      insert.run(
        id,
        `client-${i}`,
        `Service ${i % 19} #${i}`,
        flow === "ClientCredentials" ? "[]" : JSON.stringify([`https://${host}/callback`]),
        flow,
        i % 20 === 0 ? "none" : i % 7 === 0 ? "client_secret_post" : "client_secret_basic",
        profiles[i % 2 ? profiles.length - 1 : 0],
        i % 20 === 5 ? -2 : null,
        JSON.stringify([owner]),
        i % 10 === 0 ? iso(now - 86_400_000) : i % 10 === 5 ? iso(now + 3 * 86_400_000) : null,
        i % 9 === 4 ? 0 : 1,
        iso(created),
        iso(created + 1000),
      );
      lookup.run("person", owner, id);
      if (flow !== "ClientCredentials") for (const value of [host, domain]) lookup.run("redirectHost", value, id);
      if (i % 20 === 0) scope.run(id, scopeId);
    }
  })();
  db.pragma("optimize");
  const secondProfile = profiles.at(-1);
  db.close();
  return { profile: secondProfile, scopeId };
}

/** The 95th percentile of a list of latencies (ms). */
const p95 = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
};

/** autocannon, with every response's latency kept for the p95 (its own histogram has 90 and 97.5) and its size. */
async function load(options) {
  const times = [];
  let bytes = 0;
  const run = autocannon(options);
  run.on("response", (_client, _status, size, responseTime) => {
    times.push(responseTime);
    bytes += size;
  });
  const result = await run;
  return { ...result, p95: p95(times), kb: bytes / Math.max(1, times.length) / 1024 };
}

console.log(`clients-list benchmark · ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} · Node ${process.version}`);
console.log(
  `${CONNECTIONS} connections × ${DURATION} s per case and round, ${ROUNDS} round(s), signed in, full HTML page loads${BASELINE ? `; baseline ${BASELINE} in alternating rounds` : ""}\n`,
);

const prepare = (db) => {
  const now = iso(Date.now());
  db.prepare(
    `INSERT INTO Profile (id, identifier, displayName, description, createdAt, updatedAt) VALUES ('bench-p2', 'RoleOfficer', 'Role officer', '', ?, ?)`,
  ).run(now, now);
  db.prepare(`INSERT INTO ProfileContext (id, category, d0, description, createdAt, updatedAt) VALUES (-2, 'Department', 'Sales', '', ?, ?)`).run(now, now);
  db.prepare(
    `INSERT INTO Scope (id, name, displayName, description, enabled, builtIn, createdAt, updatedAt) VALUES ('bench-s1', 'bench.read', 'Bench read', '', 1, 0, ?, ?)`,
  ).run(now, now);
};
const browser = await launch();
const targets = [];
for (const [name, port, baselineDist] of [["this build", PORT], ...(BASELINE ? [["baseline", PORT + 1, BASELINE]] : [])]) {
  const portal = await startPortal({ port, prepare, baselineDist });
  const { cookie, context } = await signIn(browser, portal.url);
  targets.push({ name, portal, cookie, context });
}

/**
 * The URL a browser asks for: an RSC request (`RSC: 1`) must carry Next.js's cache-busting `_rsc`
 * parameter, or Next.js answers with a redirect to the URL that has it; that redirect is followed once.
 */
async function urlFor(t, path, extraHeaders) {
  const url = `${t.portal.url}${path}`;
  if (!extraHeaders) return url;
  const response = await fetch(url, { headers: { cookie: t.cookie, ...extraHeaders }, redirect: "manual" });
  const location = response.headers.get("location");
  return location ? new URL(location, url).href : url;
}

/** The requests one browser view of `path` makes to the portal (its static files aside), as sent. */
async function recordView(t, path) {
  const page = await t.context.newPage();
  const seen = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === t.portal.url && !url.pathname.startsWith("/_next/static/") && url.pathname !== "/icon.svg") seen.push(request);
  });
  await page.goto(path, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  const requests = [];
  for (const request of seen) {
    const { host: _host, ...headers } = await request.allHeaders();
    const url = new URL(request.url());
    requests.push({ method: request.method(), path: url.pathname + url.search, headers });
  }
  await page.close();
  return requests;
}

/**
 * Each target's autocannon load (`loads`: target → url, headers or requests), ROUNDS runs interleaved
 * with the other target's after a short warm-up; requests/s, p50 and p99 averaged.
 */
async function alternate(loads) {
  for (const t of targets) await load({ ...loads.get(t), connections: 2, duration: 1 }); // warm-up
  const runs = new Map(targets.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const cpuBefore = cpuMs(t.portal.pid);
      const result = await load({ ...loads.get(t), connections: CONNECTIONS, duration: DURATION });
      // The server's own CPU time for each answer: what a page costs, less moved by a busy machine than pages/s.
      result.cpu = (cpuMs(t.portal.pid) - cpuBefore) / Math.max(1, result.requests.total);
      runs.get(t).push(result);
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return new Map(
    [...runs].map(([t, rs]) => [
      t,
      {
        perSecond: mean(rs.map((r) => r.requests.average)),
        p50: mean(rs.map((r) => r.latency.p50)),
        p95: mean(rs.map((r) => r.p95)),
        p99: mean(rs.map((r) => r.latency.p99)),
        cpu: mean(rs.map((r) => r.cpu)),
        kb: mean(rs.map((r) => r.kb)),
        errors: rs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
      },
    ]),
  );
}

/** One case on each target: pages/s, p50 and p99. */
async function measure(path, extraHeaders) {
  const loads = new Map();
  for (const t of targets) loads.set(t, { url: await urlFor(t, path, extraHeaders), headers: { cookie: t.cookie, ...extraHeaders } });
  return alternate(loads);
}

/** A whole browser view on each target, replayed: views/s (requests/s over requests a view), p50 and p99 per request. */
async function measureView(path) {
  const loads = new Map();
  for (const t of targets) loads.set(t, { url: t.portal.url, requests: await recordView(t, path) });
  const byTarget = await alternate(loads);
  for (const [t, r] of byTarget) {
    r.perView = loads.get(t).requests.length;
    r.perSecond /= r.perView;
  }
  return byTarget;
}

/** How many clients the list says `path` matches (its count line), or "—" for a page without one. */
async function matches(t, path) {
  const html = await (await fetch(`${t.portal.url}${path}`, { headers: { cookie: t.cookie } })).text();
  return /data-testid="client-count"[^>]*>([\d,]+)/.exec(html)?.[1] ?? "—";
}

const results = new Map();
let have = 0;
for (const size of SIZES) {
  let profile, scopeId;
  for (const t of targets) ({ profile, scopeId } = addClients(t.portal.dbFile, have, size));
  have = size;
  const deep = `/clients?page=${Math.floor(size / 50)}&size=25`;
  const cases = [
    ["first page (default sort)", "/clients"],
    ["one client's page", `/clients/bc${(size - 7).toString(36).padStart(8, "0")}`],
    ["deep page (middle of the list)", deep],
    ["sort by display name", "/clients?sort=displayName&dir=asc"],
    ["search one client id", `/clients?q=client-${size - 7}`],
    ["search many ('Service 4 ')", "/clients?q=Service+4+"],
    ["status expired", "/clients?status=expired"],
    ["status disabled + profile", `/clients?status=disabled&profile=${profile}`],
    ["filter disabled", "/clients?enabled=no"],
    ["filter flow Hybrid", "/clients?flow=Hybrid"],
    ["filter auth client_secret_post", "/clients?auth=client_secret_post"],
    ["filter public", "/clients?type=public"],
    ["filter confidential", "/clients?type=confidential"],
    ["filter profile context", "/clients?context=-2"],
    ["filter scope", `/clients?scope=${scopeId}`],
    ["filter owner", "/clients?owner=team-4"],
    ["filter host", "/clients?host=app0.example.com"],
    ["filter host domain", "/clients?host=example.com"],
    ["filter never used", "/clients?unused=never"],
    ["filter unused 30 days", "/clients?unused=30"],
    ["filter expires within 7 days", "/clients?attention=expires-7"],
    ["sort by flow", "/clients?sort=flow&dir=asc"],
    ["sort by profile", "/clients?sort=profile&dir=asc"],
    ["sort by status", "/clients?sort=status&dir=asc"],
    ["filters together", `/clients?type=confidential&enabled=yes&owner=team-4&sort=profile`],
    ["click: sort by display name", "/clients?sort=displayName&dir=asc", { RSC: "1" }],
    ["click: deep page", deep, { RSC: "1" }],
    ["click: status expired", "/clients?status=expired", { RSC: "1" }],
    ["view: first page", "/clients", "view"],
    ["view: search many", "/clients?q=Service+4+", "view"],
  ];
  console.log(`${size.toLocaleString("en")} clients`);
  console.log(
    `  ${"case".padEnd(34)} ${"target".padEnd(10)} ${"pages/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"CPU ms".padStart(7)} ${"KB".padStart(6)} ${"matches".padStart(7)}  errors`,
  );
  for (const [name, path, extraHeaders] of cases.filter(([name]) => !ONLY.length || ONLY.some((part) => name.includes(part)))) {
    const byTarget = extraHeaders === "view" ? await measureView(path) : await measure(path, extraHeaders);
    results.set(`${size}:${name}`, byTarget);
    const matched = await matches(targets[0], path);
    for (const [t, r] of byTarget) {
      const perView = r.perView ? `  (${r.perView} requests a view; p50/p99 per request)` : "";
      console.log(
        `  ${name.padEnd(34)} ${t.name.padEnd(10)} ${r.perSecond.toFixed(1).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.cpu.toFixed(1).padStart(7)} ${r.kb.toFixed(0).padStart(6)} ${matched.padStart(7)}  ${r.errors}${perView}`,
      );
    }
    if (BASELINE) {
      const [ours, base] = targets.map((t) => byTarget.get(t));
      console.log(
        `  ${"".padEnd(34)} ${"ratio".padEnd(10)} ${(ours.perSecond / base.perSecond).toFixed(2).padStart(7)}× ${(ours.p50 / base.p50).toFixed(2).padStart(6)}× ${"".padStart(15)} ${(ours.cpu / base.cpu).toFixed(2).padStart(6)}× ${(ours.kb / base.kb).toFixed(2).padStart(5)}×`,
      );
    }
  }
  console.log("");
}

/**
 * Disables every client `filter` matches through the list's bulk bar, in one transaction: the time
 * from the confirmation's click to the result on the page (the server action, its transaction and
 * the list's refresh), and the result's words.
 */
async function bulkDisable(t, filter) {
  const page = await t.context.newPage();
  await page.goto(`/clients?${filter}`);
  // The bar is React's: wait until it owns the page's count before ticking.
  await page.waitForFunction(() => {
    const count = document.querySelector('[data-testid="bulk-count"]');
    return count !== null && Object.keys(count).some((key) => key.startsWith("__reactFiber"));
  });
  await page.getByLabel("Select this page").check();
  const all = page.getByRole("button", { name: /^Select all .* matching this filter$/ });
  if (await all.count()) await all.click();
  const selected = await page.getByTestId("bulk-count").innerText();
  await page.getByLabel("Bulk action", { exact: true }).selectOption({ label: "Disable" });
  await page.getByRole("button", { name: "Apply…" }).click();
  const confirm = page.getByRole("alertdialog").getByRole("button", { name: /^Disable — / });
  await confirm.waitFor();
  const start = performance.now();
  await confirm.click();
  const outcome = page.getByTestId("bulk-outcome");
  await outcome.waitFor({ timeout: 300_000 });
  const ms = performance.now() - start;
  const text = (await outcome.innerText()).split("\n")[0];
  await page.close();
  return { ms, selected, text };
}

if (!ONLY.length || ONLY.some((part) => "bulk disable".includes(part))) {
  const t = targets[0];
  const { ms, selected, text } = await bulkDisable(t, "flow=AuthorizationCode");
  console.log(`bulk disable at ${SIZES.at(-1).toLocaleString("en")} clients, one transaction (flow=AuthorizationCode; ${selected})`);
  console.log(`  ${t.name}: ${(ms / 1000).toFixed(2)} s from the confirmation to the result — ${text}\n`);
}

if (SIZES.length > 1) {
  console.log(`p50 and p95 at ${SIZES.at(-1).toLocaleString("en")} / at ${SIZES[0].toLocaleString("en")} clients (pages/s in brackets):`);
  for (const key of results.keys()) {
    if (!key.startsWith(`${SIZES[0]}:`)) continue;
    const name = key.slice(key.indexOf(":") + 1);
    for (const t of targets) {
      const small = results.get(key).get(t);
      const large = results.get(`${SIZES.at(-1)}:${name}`).get(t);
      console.log(
        `  ${name.padEnd(34)} ${t.name.padEnd(10)} p50 ${(large.p50 / small.p50).toFixed(2)}×  p95 ${(large.p95 / small.p95).toFixed(2)}×  (${small.perSecond.toFixed(0)} → ${large.perSecond.toFixed(0)} pages/s)`,
      );
    }
  }
}

await browser.close();
for (const t of targets) await t.portal.stop();
process.exit(0);
