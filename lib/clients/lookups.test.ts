import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseKind, resolveDatabaseUrl } from "@/lib/db/database-url.mjs";
import { createProfile } from "@/lib/testing/oauth";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { clientLookups, hostFilterKey, hostKeys, personFilterKey } from "./lookups";

describe("lookup keys", () => {
  it("finds a host by itself and by each parent domain that holds a dot; an address only by itself", () => {
    expect(hostKeys("eu.app.example.com")).toEqual(["eu.app.example.com", "app.example.com", "example.com"]);
    expect(hostKeys("example.com")).toEqual(["example.com"]);
    expect(hostKeys("localhost")).toEqual(["localhost"]);
    expect(hostKeys("127.0.0.1")).toEqual(["127.0.0.1"]);
    expect(hostKeys("[::1]")).toEqual(["[::1]"]);
  });

  it("reads what someone types into the host filter as a host", () => {
    expect(hostFilterKey(" App.Example.COM ")).toBe("app.example.com");
    expect(hostFilterKey("https://app.example.com:8443/callback?x=1")).toBe("app.example.com");
    expect(hostFilterKey("")).toBeNull();
    expect(hostFilterKey("https://")).toBeNull();
    expect(personFilterKey("  Team-Orders ")).toBe("team-orders");
  });

  it("derives a client's rows from its redirect URIs, owners and contacts, once each", () => {
    expect(
      clientLookups({
        redirectUris: ["https://App.example.com/cb", "https://app.example.com:8443/other", "http://localhost:3000/cb"],
        owners: ["Team-Orders", "alice@example.com"],
        contacts: ["team-orders"],
      }),
    ).toEqual([
      { kind: "redirectHost", value: "app.example.com" },
      { kind: "redirectHost", value: "example.com" },
      { kind: "redirectHost", value: "localhost" },
      { kind: "person", value: "team-orders" },
      { kind: "person", value: "alice@example.com" },
    ]);
  });
});

/** The backfill statement of the migration that added ClientLookup, for this test's database. */
function backfillSql(): string {
  const kind = databaseKind(resolveDatabaseUrl());
  const root = path.join(process.cwd(), "prisma", ...(kind === "postgresql" ? ["postgresql"] : []), "migrations");
  const folder = readdirSync(root).find((name) => name.endsWith("_client_list_filters"))!;
  const sql = readFileSync(path.join(root, folder, "migration.sql"), "utf8");
  return sql.slice(sql.indexOf("-- BEGIN lookups backfill"), sql.indexOf("-- END lookups backfill"));
}

describe("the migration's backfill", () => {
  it("writes the same rows as the code for clients that existed before the table", async () => {
    const profile = await createProfile("LookupBackfill");
    const samples = [
      { redirectUris: ["https://eu.App.example.com/cb?x=1", "https://shop.example.org:8443/cb", "http://127.0.0.1:3000/cb"], owners: ["Team-A"], contacts: [] },
      { redirectUris: ["http://localhost/cb", "http://[::1]:8080/cb", "https://a.b.c.d.example.net#"], owners: [], contacts: ["Bob@Example.com", "On call"] },
      { redirectUris: [], owners: ["x"], contacts: ["X"] },
    ];
    const ids: string[] = [];
    for (const [i, sample] of samples.entries()) {
      ids.push((await prisma.client.create({ data: { ...clientRow(`backfill-${i}`, profile.id), ...sample }, select: { id: true } })).id);
    }
    await prisma.$executeRawUnsafe(backfillSql());
    for (const [i, id] of ids.entries()) {
      const rows = await prisma.clientLookup.findMany({ where: { clientInternalId: id }, select: { kind: true, value: true } });
      const key = (r: { kind: string; value: string }) => `${r.kind} ${r.value}`;
      expect(rows.map(key).sort()).toEqual(clientLookups(samples[i]!).map(key).sort());
    }
    // Run again (or over clients the service already wrote): nothing doubles, nothing fails.
    await prisma.$executeRawUnsafe(backfillSql());
    expect(await prisma.clientLookup.count({ where: { clientInternalId: { in: ids } } })).toBe(
      samples.reduce((n, sample) => n + clientLookups(sample).length, 0),
    );
  });
});
