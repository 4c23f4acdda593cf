// Benchmark: first-visit JavaScript per route, from a real browser load (Debian's Chromium): every
// script the page loads with an empty cache, its gzip size (gzip -6 of the body, whatever the server
// sent) and its transfer size. Signed in for the portal's routes. "RSC req" counts the other requests
// the view made to the server until the network went idle: RSC requests (prefetches), each a
// server render of its own. Prints figures; asserts nothing.
//
//   node bench/first-load.mjs         (npm run bench runs it)     BENCH_PORT=3309
//   BENCH_VERBOSE=1 also lists every script of every route with its gzip size.
import { gzipSync } from "node:zlib";
import { launch, signIn } from "./lib/browser.mjs";
import { insertClient, insertScope, startPortal } from "./lib/portal.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 3309);
const ids = {};
const portal = await startPortal({
  port: PORT,
  prepare: (db) => {
    ids.scope = insertScope(db, "orders.read");
    insertClient(db, { clientId: "first-load", secret: "first-load-secret-0123456789", scopeIds: [ids.scope] });
    ids.client = db.prepare("SELECT id FROM Client WHERE clientId = 'first-load'").pluck().get();
  },
});
const browser = await launch();
const { context: signedIn } = await signIn(browser, portal.url);
const storageState = await signedIn.storageState();

const routes = [
  ["/sign-in", false],
  ["/", true],
  ["/clients", true],
  ["/clients/new", true],
  [`/clients/${ids.client}`, true],
  ["/scopes", true],
  [`/scopes/${ids.scope}`, true],
  ["/profiles", true],
  ["/providers", true],
  ["/providers/new", true],
  ["/configuration", true],
  ["/keys", true],
  ["/audit", true],
  ["/docs/api", true],
];

console.log(`first-visit JavaScript per route (Chromium, empty cache)\n`);
console.log(
  `  ${"route".padEnd(34)} ${"scripts".padStart(7)} ${"gzip kB".padStart(8)} ${"sent kB".padStart(8)} ${"raw kB".padStart(8)} ${"RSC req".padStart(8)}`,
);
let worst = 0;
for (const [route, needsSession] of routes) {
  const context = await browser.newContext({ baseURL: portal.url, ...(needsSession ? { storageState } : {}) });
  const page = await context.newPage();
  const scripts = [];
  let rscRequests = 0;
  page.on("request", (request) => {
    if (request.headers().rsc) rscRequests++;
  });
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response);
  });
  await page.goto(route, { waitUntil: "networkidle" });
  let gz = 0;
  let sent = 0;
  let raw = 0;
  const each = [];
  for (const response of scripts) {
    const body = await response.body();
    raw += body.length;
    const size = gzipSync(body, { level: 6 }).length;
    gz += size;
    each.push([size, new URL(response.url()).pathname]);
    sent += (await response.request().sizes()).responseBodySize;
  }
  worst = Math.max(worst, gz);
  const label = route.replace(ids.client, "[id]").replace(ids.scope, "[id]");
  console.log(
    `  ${label.padEnd(34)} ${String(scripts.length).padStart(7)} ${(gz / 1024).toFixed(1).padStart(8)} ${(sent / 1024).toFixed(1).padStart(8)} ${(raw / 1024).toFixed(1).padStart(8)} ${String(rscRequests).padStart(8)}`,
  );
  if (process.env.BENCH_VERBOSE) {
    for (const [size, name] of each.sort((a, b) => b[0] - a[0])) console.log(`      ${(size / 1024).toFixed(1).padStart(6)} ${name}`);
  }
  await context.close();
}
console.log(`\nlargest first-visit JavaScript: ${(worst / 1024).toFixed(1)} kB gzip`);

await browser.close();
await portal.stop();
process.exit(0);
