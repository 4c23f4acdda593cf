// Benchmark: the clients list (search, filters, sorting, pagination) over 100,000 clients.
// Run: npm run bench:clients   (prints timings; nothing is asserted — see the README's Benchmarks)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const COUNT = Number(process.env.BENCH_CLIENTS ?? 100_000);
const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
const file = path.join(dir, "bench.db");
execFileSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: `file:${file}` },
  stdio: "pipe",
});

// Fill the database directly (fast), with the same columns Prisma writes.
const sqlite = new Database(file);
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
sqlite.prepare(`INSERT INTO Profile (id, identifier, displayName, description, createdAt, updatedAt) VALUES (?,?,?,?,?,?)`).run("p1", "Administrator", "Administrator", "", iso(now), iso(now));
sqlite.prepare(`INSERT INTO Profile (id, identifier, displayName, description, createdAt, updatedAt) VALUES (?,?,?,?,?,?)`).run("p2", "RoleOfficer", "Role officer", "", iso(now), iso(now));
const insert = sqlite.prepare(
  `INSERT INTO Client (id, clientId, displayName, description, redirectUris, postLogoutRedirectUris, flow, idTokenSignedResponseAlg, tokenEndpointAuthMethod, profileId, expiresAt, enabled, version, createdAt, updatedAt)
   VALUES (?, ?, ?, '', '[]', '[]', 'ClientCredentials', 'RS256', 'client_secret_basic', ?, ?, ?, 1, ?, ?)`,
);
const t0 = performance.now();
sqlite.transaction(() => {
  for (let i = 0; i < COUNT; i++) {
    const created = now - (COUNT - i) * 60_000;
    insert.run(`c${i.toString(36).padStart(8, "0")}`, `client-${i}`, `Service ${i % 997} #${i}`, i % 3 ? "p1" : "p2",
      i % 10 === 0 ? iso(now - 86_400_000) : null, i % 17 === 0 ? 0 : 1, iso(created), iso(created + 1000));
  }
})();
sqlite.pragma("optimize");
sqlite.close();
console.log(`seeded ${COUNT.toLocaleString("en")} clients in ${(performance.now() - t0).toFixed(0)} ms`);

process.env.DATABASE_URL = `file:${file}`;
const { listClients } = await import("@/lib/clients/queries");
const { clientListQuerySchema } = await import("@/lib/clients/list-query");

const cases: [string, Record<string, string>][] = [
  ["first page, default sort (modified desc)", {}],
  ["page 2,000 (deep offset)", { page: "2000", size: "50" }],
  ["sort by client id asc", { sort: "clientId", dir: "asc" }],
  ["sort by display name, page 100", { sort: "displayName", dir: "asc", page: "100" }],
  ["search 'client-9999'", { q: "client-9999" }],
  ["search 'Service 42 ' (many hits)", { q: "Service 42 " }],
  ["status active", { status: "active" }],
  ["status expired", { status: "expired" }],
  ["status disabled + profile", { status: "disabled", profile: "p2" }],
];

console.log(`\n${"case".padEnd(42)} ${"median".padStart(9)} ${"p95".padStart(9)}   rows / total`);
for (const [name, params] of cases) {
  const query = clientListQuerySchema.parse(params);
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof listClients>> | undefined;
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    last = await listClients(query);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.floor(times.length * 0.95)]!;
  console.log(`${name.padEnd(42)} ${median.toFixed(1).padStart(7)}ms ${p95.toFixed(1).padStart(7)}ms   ${last!.rows.length} / ${last!.total}`);
}
const { prisma } = await import("@/lib/db/prisma");
await prisma.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
