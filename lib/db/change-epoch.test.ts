// The one rule of the portal's memory caches (lib/db/change-epoch.ts), on the test file's own
// database — SQLite, or PostgreSQL with PORTAL_TEST_DATABASE=postgresql: an entry holds between
// changes; this process's own commit is seen at the next lookup; another instance's commit at the
// next lookup on SQLite and within POSTGRES_CACHE_BOUND_MS on PostgreSQL.
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "@/lib/db/database-url.mjs";
import { prisma } from "@/lib/testing/db";
import { changeEpochCache, databaseChangeEpoch, POSTGRES_CACHE_BOUND_MS } from "./change-epoch";

const url = resolveDatabaseUrl();
const onPostgres = databaseKind(url) !== "sqlite";

/** A write by another instance: a connection of its own, outside this process's Prisma client. */
async function writeElsewhere(identifier: string, displayName: string) {
  if (onPostgres) {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query(`UPDATE "Profile" SET "displayName" = $1 WHERE identifier = $2`, [displayName, identifier]);
    await other.end();
  } else {
    const other = new Database(sqliteFilePath(url));
    other.prepare(`UPDATE "Profile" SET "displayName" = ? WHERE identifier = ?`).run(displayName, identifier);
    other.close();
  }
}

let n = 0;

describe("the epoch cache", () => {
  // The clock stands still (only Date: database I/O keeps its timers), so on PostgreSQL nothing but
  // a commit can change the epoch until the test moves the clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps an entry between changes and sees this process's own commit at the next lookup", async () => {
    const identifier = `epoch-own-${++n}`;
    await prisma.profile.create({ data: { identifier, displayName: "Before" } });
    const cache = changeEpochCache<string>(`test-own-${n}`);
    const load = vi.fn(async () => (await prisma.profile.findUniqueOrThrow({ where: { identifier } })).displayName);

    expect(await cache("k", load)).toBe("Before");
    expect(await cache("k", load)).toBe("Before");
    expect(load).toHaveBeenCalledTimes(1); // cached, on PostgreSQL too

    await prisma.profile.update({ where: { identifier }, data: { displayName: "After" } });
    expect(await cache("k", load)).toBe("After"); // at once, the clock unmoved
    expect(load).toHaveBeenCalledTimes(2);
    expect(await cache("k", load)).toBe("After");
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("a commit inside an interactive transaction counts once it is committed", async () => {
    const identifier = `epoch-tx-${++n}`;
    await prisma.profile.create({ data: { identifier, displayName: "Before" } });
    const cache = changeEpochCache<string>(`test-tx-${n}`);
    const load = async () => (await prisma.profile.findUniqueOrThrow({ where: { identifier } })).displayName;
    expect(await cache("k", load)).toBe("Before");
    await prisma.$transaction(async (tx) => {
      await tx.profile.update({ where: { identifier }, data: { displayName: "After" } });
      // Read before the commit (by another connection): still the old value, and not kept past the commit.
      expect(await cache("k", load)).toBe("Before");
    });
    expect(await cache("k", load)).toBe("After");
  });

  it(`sees another instance's commit at the next lookup on SQLite, within ${POSTGRES_CACHE_BOUND_MS} ms on PostgreSQL`, async () => {
    const identifier = `epoch-other-${++n}`;
    await prisma.profile.create({ data: { identifier, displayName: "Before" } });
    const cache = changeEpochCache<string>(`test-other-${n}`);
    const load = async () => (await prisma.profile.findUniqueOrThrow({ where: { identifier } })).displayName;
    expect(await cache("k", load)).toBe("Before");

    await writeElsewhere(identifier, "After");
    if (onPostgres) {
      expect(await cache("k", load)).toBe("Before"); // no cheap signal: the bound
      vi.setSystemTime(Date.now() + POSTGRES_CACHE_BOUND_MS);
    }
    expect(await cache("k", load)).toBe("After");
  });

  it("a read does not change the epoch", async () => {
    const epoch = databaseChangeEpoch();
    const before = epoch();
    await prisma.profile.findMany({ take: 1 });
    await prisma.$queryRawUnsafe("SELECT 1");
    expect(epoch()).toBe(before);
  });
});
