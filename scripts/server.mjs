// The portal's HTTP server: one Node process, one port. The protocol endpoints (/oauth/*,
// /.well-known/*) are answered by plain Node handlers (lib/oauth/protocol-server.ts, bundled into
// <build folder>/protocol/server.mjs); every other request goes to Next.js's request handler.
// Why: docs/decisions/010-protocol-server-and-caches.md.
//
//   node scripts/server.mjs [--dev] [--port N]     (npm start and the e2e server run it)
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DIST_DIR, PROTOCOL_BUNDLE, ROOT, buildProtocolServer, log } from "./lib/setup.mjs";

const { values } = parseArgs({ options: { dev: { type: "boolean", default: false }, port: { type: "string" } } });
const dev = values.dev;
const port = Number(values.port ?? process.env.PORT ?? "3000");
// The issuer's default names the port the server listens on (lib/oauth/config.ts).
process.env.PORT = String(port);
process.env.NODE_ENV ??= dev ? "development" : "production";
// Auth.js builds its URLs (the redirect after sign-in) on AUTH_URL when set: the portal's address
// (PORTAL_URL), not whatever Host the request names.
const portalUrl = process.env.PORTAL_URL?.trim();
if (portalUrl && !process.env.AUTH_URL && URL.canParse(portalUrl)) process.env.AUTH_URL = new URL(portalUrl).origin;

if (dev) await buildProtocolServer();
const { createProtocolServer, startBackgroundWork } = await import(pathToFileURL(PROTOCOL_BUNDLE).href);
const protocol = createProtocolServer();

const { default: next } = await import("next");
// In production the configuration is the one the build serialized, handed over the way Next.js's own
// standalone server does (the variable is Next's, read by its loadConfig): reading next.config.ts
// again would load the SWC compiler (~24 MB resident) only to transpile it.
if (!dev) {
  const built = JSON.parse(fs.readFileSync(path.join(ROOT, DIST_DIR, "required-server-files.json"), "utf8"));
  // The folder it is served from, not the one it was built in: a build folder copied aside for a
  // benchmark's baseline (NEXT_DIST_DIR) would otherwise serve the current build under its name.
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify({ ...built.config, distDir: DIST_DIR });
}
const app = next({ dev, dir: ROOT, port });
await app.prepare();
const handleNext = app.getRequestHandler();

const server = http.createServer((req, res) => {
  protocol.stampRequestId?.(req, res);
  const address = protocol.address(req);
  protocol.noticeOrigin(req, address);
  if (protocol.handle(req, res, address)) return;
  // (A benchmark's older baseline has neither refuseBadPath nor admit.)
  if (protocol.refuseBadPath?.(req, res)) return;
  if (protocol.admit) protocol.admit(req, res, address);
  else protocol.stampAddress(req, address);
  if (protocol.refuseForeignAction(req, res)) return;
  if (protocol.guardPage?.(req, res)) return;
  handleNext(req, res);
});
server.keepAliveTimeout = 65_000;
// The outbox worker (lib/notifications): mail, delivered with retries. (A benchmark's older baseline has none.)
const background = startBackgroundWork?.();
server.listen(port, () => {
  log(`Serving on http://localhost:${port} (${dev ? "development" : `production build in ${path.relative(ROOT, path.join(ROOT, DIST_DIR))}`})`);
  log(
    `Issuer: ${protocol.issuer}${process.env.PORTAL_URL ? " (PORTAL_URL)" : " — the default; set PORTAL_URL to the address clients use"}. ` +
      `Client and key changes reach this process ${protocol.cacheBound}.`,
  );
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    server.close();
    // Token usage waiting to be written (a few seconds' worth) is written first, if it can be soon.
    // (A benchmark's baseline built before the batching has no flushTokenUsage.)
    await Promise.race([Promise.all([protocol.flushTokenUsage?.(), background?.stop()]), new Promise((resolve) => setTimeout(resolve, 2000))]);
    process.exit(0);
  });
}
