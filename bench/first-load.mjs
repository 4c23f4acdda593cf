// Benchmark: first-visit JavaScript per route, from a real browser load (Debian's Chromium): every
// script the page loads with an empty cache, its gzip size (gzip -6 of the body, whatever the server
// sent) and its transfer size. Signed in for the portal's routes. "<script>" counts the script
// elements (inline ones too) in the HTML documents the visit loaded, every page on the way. "RSC
// req" counts the other requests the view made to the server until the network went idle: RSC
// requests (prefetches), each a server render of its own. The end-user pages (what an end user
// signing in to a web app sees: the identity providers, consent, an error, sign-out) are reached
// through the real flow, with oidc-provider as the identity provider (bench/lib/oidc-code-peer.mjs).
// Prints figures; asserts nothing.
//
//   node bench/first-load.mjs         (npm run bench runs it)     BENCH_PORT=3309
//   BENCH_VERBOSE=1 also lists every script of every route with its gzip size.
import { gzipSync } from "node:zlib";
import { launch, signIn } from "./lib/browser.mjs";
import { authorizationRequest, END_USER_ENV, importProviders, insertApiOwner, REDIRECT, SECRET, startCodePeer } from "./lib/end-users.mjs";
import { insertClient, insertScope, scopeIdOf, startPortal } from "./lib/portal.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 3309);
const WEB_APP = "first-load-web";
const ids = {};
const portal = await startPortal({
  port: PORT,
  env: END_USER_ENV,
  prepare: (db) => {
    ids.scope = insertScope(db, "orders.read");
    insertClient(db, { clientId: "first-load", secret: "first-load-secret-0123456789", scopeIds: [ids.scope] });
    ids.client = db.prepare("SELECT id FROM Client WHERE clientId = 'first-load'").pluck().get();
    insertApiOwner(db);
    // A web app of another organization (not first-party): its end users are asked for consent.
    insertClient(db, {
      clientId: WEB_APP,
      flow: "AuthorizationCode",
      secret: SECRET,
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: [`${REDIRECT}/signed-out`],
      scopeIds: ["openid", "profile", "email"].map((name) => scopeIdOf(db, name)),
    });
  },
});
const browser = await launch();
const { context: signedIn } = await signIn(browser, portal.url);
const storageState = await signedIn.storageState();
const peer = await startCodePeer(portal.url);
// Passive providers only: the end user's sign-in page offers them as buttons.
await importProviders(portal.url, peer.url, { "bench-passive": "Passive", "bench-passive-2": "Passive" });

const authorize = () => authorizationRequest(`${portal.url}/oauth/authorize`, WEB_APP).url;
const heading = (page, name) => page.getByRole("heading", { name }).waitFor();
/** The end user's sign-in page: the providers as buttons. */
async function providerChoice(page) {
  await page.goto(authorize());
  await heading(page, `Sign in to ${WEB_APP}`);
}
/** Signed in at the identity provider and back: the consent page. */
async function consent(page, measureFromHere) {
  await providerChoice(page);
  measureFromHere();
  await page.getByRole("link", { name: "Sign in with bench-passive", exact: true }).click();
  await heading(page, `${WEB_APP} asks for access`);
}

// [route, signed in as an admin, how to get there (default: go to the route), where to start measuring]
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
  ["end user: providers", false, providerChoice],
  ["end user: consent", false, consent],
  [
    "end user: error (redirect URI)",
    false,
    async (page) => {
      await page.goto(authorize().replace(encodeURIComponent(REDIRECT), encodeURIComponent("http://127.0.0.1:9/elsewhere")));
      await heading(page, "This application sent you from an address it has not registered");
    },
  ],
  [
    "end user: sign out",
    false,
    async (page, measureFromHere) => {
      await consent(page, () => {});
      measureFromHere();
      await page.goto(`/oauth/logout?client_id=${WEB_APP}&post_logout_redirect_uri=${encodeURIComponent(`${REDIRECT}/signed-out`)}`);
      await heading(page, "Sign out?");
    },
  ],
  [
    // Without a session the engine asks the browser to confirm through a page of its own.
    "end user: sign out, no session",
    false,
    async (page) => {
      await page.goto(`/oauth/logout?client_id=${WEB_APP}`);
      await heading(page, "You are signed out");
    },
  ],
];

console.log(`first-visit JavaScript per route (Chromium, empty cache)\n`);
console.log(
  `  ${"route".padEnd(34)} ${"scripts".padStart(7)} ${"gzip kB".padStart(8)} ${"sent kB".padStart(8)} ${"raw kB".padStart(8)} ${"<script>".padStart(8)} ${"RSC req".padStart(8)}`,
);
let worst = 0;
let endUserWorst = 0;
for (const [route, needsSession, visit] of routes) {
  const context = await browser.newContext({ baseURL: portal.url, ...(needsSession ? { storageState } : {}) });
  const page = await context.newPage();
  // The app's redirect URI is never a server: a page of the test's own.
  await page.route(`${new URL(REDIRECT).origin}/**`, (r) => r.fulfill({ status: 200, contentType: "text/plain", body: "the app" }));
  let scripts = [];
  let documents = [];
  let rscRequests = 0;
  page.on("request", (request) => {
    if (request.headers().rsc) rscRequests++;
  });
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "script") scripts.push(response);
    // Read at once: a page the browser leaves at once (an auto-submitted form) loses its body.
    else if (type === "document" && (response.status() < 300 || response.status() >= 400)) documents.push(response.text().catch(() => null));
  });
  if (visit) {
    await visit(page, () => {
      scripts = [];
      documents = [];
      rscRequests = 0;
    });
    await page.waitForLoadState("networkidle");
  } else await page.goto(route, { waitUntil: "networkidle" });
  let elements = 0;
  for (const html of await Promise.all(documents)) elements = html === null || elements === "?" ? "?" : elements + (html.match(/<script\b/gi) ?? []).length;
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
  if (visit) endUserWorst = Math.max(endUserWorst, gz);
  else worst = Math.max(worst, gz);
  const label = route.replace(ids.client, "[id]").replace(ids.scope, "[id]");
  console.log(
    `  ${label.padEnd(34)} ${String(scripts.length).padStart(7)} ${(gz / 1024).toFixed(1).padStart(8)} ${(sent / 1024).toFixed(1).padStart(8)} ${(raw / 1024).toFixed(1).padStart(8)} ${String(elements).padStart(8)} ${String(rscRequests).padStart(8)}`,
  );
  if (process.env.BENCH_VERBOSE) {
    for (const [size, name] of each.sort((a, b) => b[0] - a[0])) console.log(`      ${(size / 1024).toFixed(1).padStart(6)} ${name}`);
  }
  await context.close();
}
console.log(`\nlargest first-visit JavaScript: ${(worst / 1024).toFixed(1)} kB gzip (portal), ${(endUserWorst / 1024).toFixed(1)} kB gzip (end-user pages)`);

await browser.close();
await Promise.all([portal.stop(), peer.stop()]);
process.exit(0);
