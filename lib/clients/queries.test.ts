import { describe, expect, it } from "vitest";
import { ALL } from "@/lib/auth/reach";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { addSecret, createOAuthClient, createProfile } from "@/lib/testing/oauth";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { clientListQuerySchema } from "./list-query";
import { listClients } from "./queries";

// The list is cached in memory until the database changes: every write, through any connection,
// must show at the next read.
describe("listClients cache", () => {
  it("answers the same page from memory only while nothing changed", async () => {
    const profile = await createProfile("ListCache");
    const query = clientListQuerySchema.parse({ q: "cache-" });
    await createOAuthClient({ clientId: "cache-1", profileId: profile.id });
    expect((await listClients(query, ALL)).total).toBe(1);
    const again = await listClients(query, ALL);
    // Served from memory on SQLite; PostgreSQL has no cheap change signal, so it is never cached there.
    if (databaseKind(resolveDatabaseUrl()) === "sqlite") expect(again).toBe(await listClients(query, ALL));

    await createOAuthClient({ clientId: "cache-2", profileId: profile.id });
    expect((await listClients(query, ALL)).rows.map((r) => r.clientId).sort()).toEqual(["cache-1", "cache-2"]);
    await prisma.client.update({ where: { clientId: "cache-1" }, data: { displayName: "renamed" } });
    expect((await listClients(query, ALL)).rows.find((r) => r.clientId === "cache-1")?.displayName).toBe("renamed");
    await prisma.client.delete({ where: { clientId: "cache-2" } });
    expect((await listClients(query, ALL)).total).toBe(1);
  });

  it("never shares a cached page between reaches", async () => {
    const query = clientListQuerySchema.parse({ q: "cache-" });
    expect((await listClients(query, ALL)).total).toBe(1);
    const other = { kind: "context", profileId: "none", profileContextId: -999 } as const;
    expect((await listClients(query, other)).total).toBe(0);
  });

  it("keeps a status filter's page only until the next client expires", async () => {
    const profile = await createProfile("ListExpiry");
    const expired = clientListQuerySchema.parse({ status: "expired", q: "soon-" });
    const active = clientListQuerySchema.parse({ status: "active", q: "soon-" });
    const expiresAt = new Date(Date.now() + 1500);
    await createOAuthClient({ clientId: "soon-1", profileId: profile.id, expiresAt });
    expect((await listClients(expired, ALL)).total).toBe(0);
    expect((await listClients(active, ALL)).total).toBe(1);
    // Nothing changed in the database or the time: the same page (from memory on SQLite).
    if (databaseKind(resolveDatabaseUrl()) === "sqlite") expect(await listClients(expired, ALL)).toBe(await listClients(expired, ALL));

    // The client expires without any write to the database: both filters see it at once.
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 20));
    expect((await listClients(expired, ALL)).rows.map((r) => r.clientId)).toEqual(["soon-1"]);
    expect((await listClients(active, ALL)).total).toBe(0);
  });
});

describe("the needs-attention filter", () => {
  it("finds what expires within 30, 7 or 1 days (a live secret or the client) and what breaks the secret policy", async () => {
    const now = Date.now();
    const day = (n: number) => new Date(now + n * 86_400_000);
    const profile = await prisma.profile.create({ data: { identifier: "ListAttention", displayName: "List attention", secretMaxDays: 30 } });
    const client = (clientId: string, data: { expiresAt?: Date; enabled?: boolean } = {}) =>
      prisma.client.create({ data: { ...clientRow(clientId, profile.id), ...data } });
    const secret = (clientInternalId: string, data: { createdAt?: Date; expiresAt: Date | null; revokedAt?: Date }) =>
      prisma.secret.create({ data: { clientInternalId, hash: `h-${Math.random()}`, hint: "abcd", createdBy: "t", ...data } });

    await secret((await client("att-secret-day")).id, { expiresAt: day(0.5) });
    await secret((await client("att-secret-week")).id, { expiresAt: day(6) });
    await secret((await client("att-secret-month")).id, { expiresAt: day(20) });
    await secret((await client("att-revoked")).id, { expiresAt: day(0.5), revokedAt: day(-1) });
    await client("att-client-week", { expiresAt: day(5) });
    await client("att-disabled-week", { expiresAt: day(5), enabled: false });
    await secret((await client("att-never")).id, { expiresAt: null });
    await secret((await client("att-too-long")).id, { createdAt: day(-10), expiresAt: day(25) });

    const ids = async (attention: string) =>
      (await listClients(clientListQuerySchema.parse({ q: "att-", attention, size: 100 }), ALL)).rows.map((r) => r.clientId).sort();
    expect(await ids("expires-1")).toEqual(["att-secret-day"]);
    expect(await ids("expires-7")).toEqual(["att-client-week", "att-secret-day", "att-secret-week"]);
    expect(await ids("expires-30")).toEqual(["att-client-week", "att-secret-day", "att-secret-month", "att-secret-week", "att-too-long"]);
    expect(await ids("breaks-policy")).toEqual(["att-never", "att-too-long"]);
    expect((await ids("")).length).toBe(8);
    // A bound admin's list stays within its context.
    expect(
      (
        await listClients(clientListQuerySchema.parse({ q: "att-", attention: "breaks-policy" }), {
          kind: "context",
          profileId: profile.id,
          profileContextId: -999,
        })
      ).total,
    ).toBe(0);
    // An unknown value falls back to no filter, as every list parameter does.
    expect(clientListQuerySchema.parse({ attention: "expires-2" }).attention).toBe("");
  });
});

describe("unused for N days", () => {
  it("lists clients older than N days that no secret authenticated and got no token since, and nothing else", async () => {
    const profile = await createProfile("ListUnused");
    const DAY = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const make = async (clientId: string, { created, secretUsed, token }: { created: number; secretUsed?: number; token?: number }) => {
      const client = await createOAuthClient({ clientId, profileId: profile.id });
      await prisma.client.update({ where: { id: client.id }, data: { createdAt: ago(created), lastTokenAt: token === undefined ? null : ago(token) } });
      const { id } = await addSecret({ clientInternalId: client.id }, { value: `${clientId}-secret` });
      if (secretUsed !== undefined) await prisma.secret.update({ where: { id }, data: { lastUsedAt: ago(secretUsed) } });
    };
    await make("unused-never", { created: 60 });
    await make("unused-long-ago", { created: 60, secretUsed: 45, token: 45 });
    await make("unused-secret-recent", { created: 60, secretUsed: 2 });
    await make("unused-token-recent", { created: 60, secretUsed: 45, token: 1 });
    await make("unused-new", { created: 3 });

    const names = async (unused: string) => (await listClients(clientListQuerySchema.parse({ q: "unused-", unused }), ALL)).rows.map((r) => r.clientId).sort();
    expect(await names("30")).toEqual(["unused-long-ago", "unused-never"]);
    expect(await names("90")).toEqual([]);
    expect(await names("7")).toEqual(["unused-long-ago", "unused-never"]);
    expect(await names("")).toHaveLength(5);
    // A value the list does not offer falls back to no filter.
    expect(clientListQuerySchema.parse({ unused: "12" }).unused).toBe("");
  });
});
