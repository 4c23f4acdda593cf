import Database from "better-sqlite3";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, databaseTimeouts, pingDatabase } from "./client";
import { databaseKind, resolveDatabaseUrl } from "./database-url.mjs";
import { isDatabaseUnavailable } from "./errors";

const SHORT = { DATABASE_CONNECT_TIMEOUT_MS: "300", DATABASE_STATEMENT_TIMEOUT_MS: "400" };

/** How long `promise` takes to settle, and its error. */
async function failure(promise: Promise<unknown>) {
  const started = performance.now();
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

/** A "PostgreSQL server" that accepts connections and never answers: a frozen or cut-off database. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const closed: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => closed.push(socket));
    socket.on("error", () => {});
    socket.resume(); // read (and drop) what arrives, so a close is seen
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgresql://portal@127.0.0.1:${port}/portal`,
    open: () => sockets.size - closed.length,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup) await step();
});

describe("database timeouts", () => {
  it("reads its settings, and refuses what is not a whole number of milliseconds", () => {
    expect(databaseTimeouts({})).toEqual({ connectMs: 2000, statementMs: 5000 });
    expect(databaseTimeouts({ DATABASE_CONNECT_TIMEOUT_MS: " 750 ", DATABASE_STATEMENT_TIMEOUT_MS: "30000" })).toEqual({ connectMs: 750, statementMs: 30000 });
    for (const bad of ["1.5", "-1", "abc", "50", "5s"]) {
      expect(() => databaseTimeouts({ DATABASE_STATEMENT_TIMEOUT_MS: bad })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS/);
    }
  });

  it("a PostgreSQL server that never answers fails queries, transactions and probes within the connect timeout", async () => {
    const frozen = await silentServer();
    cleanup.push(frozen.close);
    const db = createPrismaClient(frozen.url, SHORT);
    cleanup.push(() => db.$disconnect());
    for (const attempt of [() => db.client.findMany({ take: 1 }), () => db.$transaction(async (tx) => tx.client.count()), () => pingDatabase(db, 200)]) {
      const { error, ms } = await failure(attempt());
      expect(isDatabaseUnavailable(error)).toBe(true);
      // Bounded: the timeout (≤ 300 ms) plus generous slack for a busy machine, never "until TCP gives up".
      expect(ms).toBeLessThan(3000);
    }
    // Nothing is left waiting on the frozen server: every connection the attempts opened was closed.
    await expect.poll(frozen.open, { timeout: 3000 }).toBe(0);
  });

  it("an unreachable PostgreSQL server is told from other errors", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const db = createPrismaClient(`postgresql://portal@127.0.0.1:${port}/portal`, SHORT);
    cleanup.push(() => db.$disconnect());
    const { error } = await failure(db.client.findMany({ take: 1 }));
    expect(error).toMatchObject({ code: "P1001" });
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(await failure(pingDatabase(db, 500)).then((f) => f.error))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("SQLite waits for another writer's lock at most the statement timeout", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-busy-"));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "busy.db");
    const other = new Database(file);
    other.exec("CREATE TABLE t (x INTEGER)");
    const db = createPrismaClient(`file:${file}`, SHORT);
    cleanup.push(() => db.$disconnect());
    await db.$executeRawUnsafe("INSERT INTO t VALUES (1)");
    other.exec("BEGIN EXCLUSIVE");
    const { error, ms } = await failure(db.$executeRawUnsafe("INSERT INTO t VALUES (2)"));
    other.exec("ROLLBACK");
    other.close();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(4000);
  });

  it("PostgreSQL ends a statement that runs past the statement timeout, on the server too", async () => {
    const url = resolveDatabaseUrl();
    if (databaseKind(url) !== "postgresql") return; // SQLite runs each statement to its end in-process
    const db = createPrismaClient(url, SHORT);
    cleanup.push(() => db.$disconnect());
    const { error, ms } = await failure(db.$queryRawUnsafe("SELECT pg_sleep(30)"));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(5000);
    const running = await db.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'",
    );
    expect(Number(running[0]!.n)).toBe(0);
    // And a transaction an instance left open (frozen, or cut off) ends on the server.
    expect(await db.$queryRawUnsafe("SHOW idle_in_transaction_session_timeout")).toEqual([{ idle_in_transaction_session_timeout: "1min" }]);
  });
});

describe("one query at a time on a connection", () => {
  it("an include inside a transaction sends its relation queries one after the other (no pg deprecation)", async () => {
    const url = resolveDatabaseUrl();
    if (databaseKind(url) !== "postgresql") return; // SQLite's adapter has one connection that runs statements in order
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on("warning", onWarning);
    const db = createPrismaClient(url);
    cleanup.push(() => db.$disconnect());
    try {
      // Prisma loads the three relations with Promise.all, all on the transaction's one connection.
      const rows = await db.$transaction((tx) => tx.client.findMany({ include: { profile: true, scopes: true, secrets: true } }));
      expect(Array.isArray(rows)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.message).filter((m) => m.includes("already executing a query"))).toEqual([]);
  });
});
