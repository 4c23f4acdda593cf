import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { ensureDefaultProfiles } from "@/lib/profiles/defaults";
import { createTokenUsageRecorder, recordTokensIssued, TOKEN_USAGE_INTERVAL_MS } from "./token-usage";

const FLUSH = 50;
const writer = () => vi.fn(async (_ids: string[], _at: Date) => undefined);
const batches = (write: ReturnType<typeof writer>) => write.mock.calls.map(([ids]) => ids);

describe("token usage recorder", () => {
  afterEach(() => vi.useRealTimers());

  it("writes each client at most once a minute", async () => {
    const write = writer();
    const usage = createTokenUsageRecorder(write, 0);
    const t0 = new Date("2026-11-26T10:00:00Z");
    await usage.record("a", t0);
    expect(usage.record("a", new Date(t0.getTime() + 1000))).toBeNull();
    await usage.record("b", new Date(t0.getTime() + 1000));
    expect(usage.record("a", new Date(t0.getTime() + TOKEN_USAGE_INTERVAL_MS - 1))).toBeNull();
    await usage.record("a", new Date(t0.getTime() + TOKEN_USAGE_INTERVAL_MS));
    expect(batches(write)).toEqual([["a"], ["b"], ["a"]]);
  });

  it("writes the first issuance after a quiet spell at once, then all clients together at most once per interval", async () => {
    vi.useFakeTimers();
    const write = writer();
    const usage = createTokenUsageRecorder(write, FLUSH);
    void usage.record("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(batches(write)).toEqual([["a"]]);

    const waits = ["b", "c", "d"].map((id) => usage.record(id));
    await vi.advanceTimersByTimeAsync(FLUSH - 1);
    expect(write).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches(write)).toEqual([["a"], ["b", "c", "d"]]);
    await Promise.all(waits);

    // A quiet spell longer than the interval: the next one goes at once again.
    await vi.advanceTimersByTimeAsync(FLUSH);
    void usage.record("e");
    await vi.advanceTimersByTimeAsync(0);
    expect(batches(write)).toEqual([["a"], ["b", "c", "d"], ["e"]]);
  });

  it("writes one batch at a time", async () => {
    let release = () => {};
    const write = vi.fn((_ids: string[]) => new Promise<void>((resolve) => (release = resolve)));
    const usage = createTokenUsageRecorder(write, 0);
    const first = usage.record("a");
    await new Promise((r) => setTimeout(r, 5));
    const second = usage.record("b");
    await new Promise((r) => setTimeout(r, 20));
    expect(write).toHaveBeenCalledTimes(1);
    release();
    await first;
    await new Promise((r) => setTimeout(r, 5));
    expect(write).toHaveBeenCalledTimes(2);
    release();
    await second;
  });

  it("writes what is waiting when flushed (shutdown)", async () => {
    vi.useFakeTimers();
    const write = writer();
    const usage = createTokenUsageRecorder(write, 60_000);
    void usage.record("a");
    await vi.advanceTimersByTimeAsync(0);
    void usage.record("b");
    await usage.flush();
    expect(batches(write)).toEqual([["a"], ["b"]]);
  });

  it("does not throw when the write fails, and retries those clients on their next token", async () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const write = vi.fn().mockRejectedValueOnce(new Error("db down")).mockResolvedValue(undefined);
    const usage = createTokenUsageRecorder(write, 0);
    const t0 = new Date();
    await usage.record("a", t0);
    await usage.record("a", new Date(t0.getTime() + 1));
    expect(write).toHaveBeenCalledTimes(2);
    expect(spy).toHaveBeenCalledWith(expect.stringContaining(`"msg":"token usage not recorded","error":"Error","detail":"db down","clients":1`));
    spy.mockRestore();
  });
});

describe("recordTokensIssued", () => {
  let profileId = "";
  beforeAll(async () => {
    await ensureDefaultProfiles(prisma);
    profileId = (await prisma.profile.findFirstOrThrow()).id;
  });
  const client = (clientId: string) => prisma.client.create({ data: clientRow(clientId, profileId) });

  it("writes lastTokenAt and one token.issued event per client in one go, and nothing again within the minute", async () => {
    const [a, b] = [await client("usage-a"), await client("usage-b")];
    const at = new Date("2026-11-27T08:00:00.000Z");
    await recordTokensIssued([a.id, b.id], at);
    const rows = await prisma.client.findMany({ where: { id: { in: [a.id, b.id] } }, select: { lastTokenAt: true } });
    expect(rows.map((r) => r.lastTokenAt?.toISOString())).toEqual([at.toISOString(), at.toISOString()]);
    const events = () => prisma.auditEvent.findMany({ where: { action: "token.issued", targetId: { in: [a.id, b.id] } }, orderBy: { targetLabel: "asc" } });
    expect((await events()).map((e) => [e.actorType, e.actorId, e.actorLabel, e.targetLabel])).toEqual([
      ["client", a.id, "usage-a", "usage-a"],
      ["client", b.id, "usage-b", "usage-b"],
    ]);

    // Just under a minute later: a was written at `at` and is left alone; b's row (as if another
    // instance wrote it a second earlier) is more than a minute old and is written.
    const later = new Date(at.getTime() + TOKEN_USAGE_INTERVAL_MS - 1);
    await prisma.client.update({ where: { id: b.id }, data: { lastTokenAt: new Date(at.getTime() - 1000) } });
    await recordTokensIssued([a.id, b.id], later);
    expect((await prisma.client.findUniqueOrThrow({ where: { id: a.id } })).lastTokenAt).toEqual(at);
    expect((await prisma.client.findUniqueOrThrow({ where: { id: b.id } })).lastTokenAt).toEqual(later);
    expect((await events()).map((e) => e.targetLabel)).toEqual(["usage-a", "usage-b", "usage-b"]);
  });

  it("writes more clients than one statement takes", async () => {
    const created = await prisma.client.createManyAndReturn({
      data: Array.from({ length: 1_100 }, (_, i) => clientRow(`usage-many-${i}`, profileId)),
      select: { id: true },
    });
    const ids = created.map((c) => c.id);
    await recordTokensIssued(ids, new Date());
    expect(await prisma.client.count({ where: { clientId: { startsWith: "usage-many-" }, lastTokenAt: { not: null } } })).toBe(1_100);
    expect(await prisma.auditEvent.count({ where: { action: "token.issued", targetLabel: { startsWith: "usage-many-" } } })).toBe(1_100);
  });
});
