import { beforeAll, describe, expect, it, vi } from "vitest";
import { createOAuthClient, createProfile, createScope } from "@/lib/testing/oauth";
import { MAX_IN_LIST } from "@/lib/db/client";
import { cachedDirectory, databaseDirectory, type BulkDirectory, type ClientRecord } from "./directory";

const record = (clientId: string, enabled = true) => ({ clientId, enabled }) as unknown as ClientRecord;

/** A directory over a map, counting what it is asked. */
function fakeDirectory(clients: Map<string, ClientRecord>) {
  const base = {
    client: vi.fn(async (id: string) => clients.get(id) ?? null),
    clients: vi.fn(async (ids: readonly string[]) => new Map(ids.flatMap((id) => (clients.has(id) ? [[id, clients.get(id)!] as const] : [])))),
    scope: vi.fn(async () => null),
  } satisfies BulkDirectory;
  return base;
}

describe("cachedDirectory", () => {
  it("after a change, reloads the clients found before together with the first one asked for, in one query", async () => {
    const clients = new Map(["a", "b", "c"].map((id) => [id, record(id)]));
    const base = fakeDirectory(clients);
    let epoch = 1;
    const directory = cachedDirectory(base, () => epoch);
    for (const id of ["a", "b", "c", "unknown"]) await directory.client(id);
    expect(base.client).toHaveBeenCalledTimes(4);
    await directory.client("a");
    expect(base.client).toHaveBeenCalledTimes(4);

    // The database changes: b is disabled, c deleted.
    clients.set("b", record("b", false));
    clients.delete("c");
    epoch = 2;
    expect(await directory.client("a")).toEqual(record("a"));
    expect(base.clients).toHaveBeenCalledTimes(1);
    expect([...base.clients.mock.calls[0]![0]].sort()).toEqual(["a", "b", "c"]); // not the unknown one
    expect(await directory.client("b")).toEqual(record("b", false));
    expect(await directory.client("c")).toBeNull();
    expect(base.client).toHaveBeenCalledTimes(4);
    expect(base.clients).toHaveBeenCalledTimes(1);

    // An unknown name is asked for again on its own.
    expect(await directory.client("unknown")).toBeNull();
    expect(base.client).toHaveBeenCalledTimes(5);
  });

  it("reloads at most MAX_IN_LIST clients at once", async () => {
    const ids = Array.from({ length: MAX_IN_LIST + 20 }, (_, i) => `c${i}`);
    const base = fakeDirectory(new Map(ids.map((id) => [id, record(id)])));
    let epoch = 1;
    const directory = cachedDirectory(base, () => epoch);
    for (const id of ids) await directory.client(id);
    epoch = 2;
    await directory.client("c0");
    expect(base.clients.mock.calls[0]![0]).toHaveLength(MAX_IN_LIST);
    expect(base.clients.mock.calls[0]![0][0]).toBe("c0");
  });

  it("keeps nothing from a reload that failed", async () => {
    const base = fakeDirectory(
      new Map([
        ["a", record("a")],
        ["b", record("b")],
      ]),
    );
    let epoch = 1;
    const directory = cachedDirectory(base, () => epoch);
    await directory.client("a");
    await directory.client("b");
    epoch = 2;
    base.clients.mockRejectedValueOnce(new Error("database down"));
    await expect(directory.client("a")).rejects.toThrow("database down");
    expect(await directory.client("b")).toEqual(record("b"));
    expect(base.client).toHaveBeenCalledTimes(3);
  });
});

describe("databaseDirectory.clients", () => {
  let profileId = "";
  beforeAll(async () => {
    profileId = (await createProfile("DirectoryBulk")).id;
    const scope = await createScope("bulk.read");
    await createOAuthClient({
      clientId: "bulk-1",
      profileId,
      scopeIds: [scope.id],
      secrets: [{ value: "bulk-secret-1" }, { value: "bulk-old", revoked: true }],
    });
    await createOAuthClient({
      clientId: "bulk-2",
      profileId,
      enabled: false,
      secrets: [{ value: "bulk-secret-2", expiresAt: new Date(Date.now() + 3600_000) }],
    });
  });

  it("reads several clients in one go, exactly as one at a time, leaving out those that do not exist", async () => {
    const records = await databaseDirectory.clients(["bulk-1", "bulk-2", "bulk-missing"]);
    expect([...records.keys()].sort()).toEqual(["bulk-1", "bulk-2"]);
    expect(records.get("bulk-1")).toEqual(await databaseDirectory.client("bulk-1"));
    expect(records.get("bulk-1")).toMatchObject({ scopes: [{ scope: { name: "bulk.read" } }], secrets: [{ expiresAt: null }] });
    expect(records.get("bulk-2")).toEqual(await databaseDirectory.client("bulk-2"));
  });
});
