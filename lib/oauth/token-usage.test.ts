import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { ensureDefaultProfiles } from "@/lib/profiles/defaults";
import { usageDay, type SecretUse } from "@/lib/secrets/usage";
import { NO_ORIGIN } from "@/lib/audit/origin";
import { createTokenUsageRecorder, recordTokensIssued, TOKEN_USAGE_INTERVAL_MS, type TokenSummary } from "./token-usage";

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

describe("token usage recorder: secrets", () => {
  afterEach(() => vi.useRealTimers());

  it("counts every use of each secret per day in the batch, with the last instant, in the clients' write", async () => {
    vi.useFakeTimers();
    const write = vi.fn(async (_ids: string[], _at: Date, _uses: SecretUse[]) => undefined);
    const usage = createTokenUsageRecorder(write, FLUSH);
    void usage.record("client-x");
    await vi.advanceTimersByTimeAsync(0);
    const t = (iso: string) => new Date(iso);
    void usage.recordSecret("secret-a", t("2026-12-06T10:00:00Z"));
    void usage.recordSecret("secret-a", t("2026-12-06T10:00:02Z"));
    void usage.recordSecret("secret-a", t("2026-12-06T10:00:01Z"));
    void usage.recordSecret("secret-b", t("2026-12-06T10:00:01Z"));
    // Minutes after midnight, within the same batch: another day's count.
    void usage.recordSecret("secret-a", t("2026-12-07T00:00:01Z"));
    // Throttled for lastTokenAt, yet the secret use still counts.
    expect(usage.record("client-x")).toBeNull();
    await vi.advanceTimersByTimeAsync(FLUSH);
    expect(write).toHaveBeenCalledTimes(2);
    const [ids, , uses] = write.mock.calls[1]!;
    expect(ids).toEqual([]);
    expect(uses).toEqual([
      { secretId: "secret-a", day: "2026-12-06", count: 3, lastUsedAt: t("2026-12-06T10:00:02Z") },
      { secretId: "secret-b", day: "2026-12-06", count: 1, lastUsedAt: t("2026-12-06T10:00:01Z") },
      { secretId: "secret-a", day: "2026-12-07", count: 1, lastUsedAt: t("2026-12-07T00:00:01Z") },
    ]);
  });

  it("a busy secret opens at most one batch a minute: its further uses ride along with the next batch, or go a minute later", async () => {
    vi.useFakeTimers();
    const write = vi.fn(async (_ids: string[], _at: Date, _uses: SecretUse[]) => undefined);
    const usage = createTokenUsageRecorder(write, FLUSH);
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    void usage.recordSecret("secret-a", at(0));
    await vi.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(1);

    // Uses within the minute open no batch of their own…
    const carried = usage.recordSecret("secret-a", at(1000));
    void usage.recordSecret("secret-a", at(2000));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(write).toHaveBeenCalledTimes(1);
    // …but join the next batch that opens (a client's first token here), counted in full.
    void usage.record("client-x", at(30_000));
    await vi.advanceTimersByTimeAsync(FLUSH);
    await carried;
    expect(write).toHaveBeenCalledTimes(2);
    expect(write.mock.calls[1]![2].map((u) => [u.secretId, u.count, u.lastUsedAt.getTime() - t0])).toEqual([["secret-a", 2, 2000]]);

    // With nothing else opening a batch, they go a minute after the first of them.
    const late = usage.recordSecret("secret-a", at(40_000));
    await vi.advanceTimersByTimeAsync(TOKEN_USAGE_INTERVAL_MS - 1);
    expect(write).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    await late;
    expect(write).toHaveBeenCalledTimes(3);
    expect(write.mock.calls[2]![2].map((u) => [u.secretId, u.count])).toEqual([["secret-a", 1]]);

    // Another secret's first use still goes at once.
    void usage.recordSecret("secret-b", at(200_000));
    await vi.advanceTimersByTimeAsync(FLUSH);
    expect(write.mock.calls[3]![2].map((u) => u.secretId)).toEqual(["secret-b"]);
  });

  it("measures a secret's minute on the system clock, not on the recorded instants (a test clock moves them)", async () => {
    vi.useFakeTimers();
    const write = vi.fn(async (_ids: string[], _at: Date, _uses: SecretUse[]) => undefined);
    const usage = createTokenUsageRecorder(write, FLUSH);
    const eightDays = 8 * 86_400_000;
    void usage.recordSecret("secret-a", new Date(Date.now() + eightDays));
    await vi.advanceTimersByTimeAsync(TOKEN_USAGE_INTERVAL_MS);
    // The clock is back to real time: a minute has passed, so this use goes at once.
    void usage.recordSecret("secret-a", new Date());
    await vi.advanceTimersByTimeAsync(FLUSH);
    expect(write).toHaveBeenCalledTimes(2);
  });

  it("writes carried secret uses when flushed (shutdown)", async () => {
    vi.useFakeTimers();
    const write = vi.fn(async (_ids: string[], _at: Date, _uses: SecretUse[]) => undefined);
    const usage = createTokenUsageRecorder(write, FLUSH);
    void usage.recordSecret("secret-a");
    await vi.advanceTimersByTimeAsync(0);
    void usage.recordSecret("secret-a");
    await usage.flush();
    expect(write.mock.calls.map((c) => c[2].map((u) => u.count))).toEqual([[1], [1]]);
  });

  it("writes waiting secret uses when flushed (shutdown)", async () => {
    vi.useFakeTimers();
    const write = vi.fn(async (_ids: string[], _at: Date, _uses: SecretUse[]) => undefined);
    const usage = createTokenUsageRecorder(write, 60_000);
    void usage.record("a");
    await vi.advanceTimersByTimeAsync(0);
    void usage.recordSecret("secret-a");
    expect(write).toHaveBeenCalledTimes(1);
    await usage.flush();
    expect(write.mock.calls[1]![2].map((u) => [u.secretId, u.count])).toEqual([["secret-a", 1]]);
  });
});

describe("token usage recorder: the audit summary per client and secret", () => {
  afterEach(() => vi.useRealTimers());
  const INTERVAL = 10_000;
  type Write = (ids: string[], at: Date, uses: SecretUse[], summaries: TokenSummary[]) => Promise<void>;
  const summaryWriter = () => vi.fn<Write>(async () => undefined);
  const summariesOf = (write: ReturnType<typeof summaryWriter>) =>
    write.mock.calls.flatMap((c) =>
      c[3].map((s) => ({ client: s.clientInternalId, start: s.start.getTime(), end: s.end.getTime(), perSecret: Object.fromEntries(s.perSecret) })),
    );

  it("writes a client's first token at once, then one summary per interval counting every token per secret", async () => {
    vi.useFakeTimers();
    const write = summaryWriter();
    const usage = createTokenUsageRecorder(write, FLUSH, INTERVAL);
    const t0 = Date.now();
    const origin = { address: "192.0.2.1", userAgent: "job/1", requestId: "r-1" };
    void usage.record("a", new Date(t0), origin, "s1");
    await vi.advanceTimersByTimeAsync(0);
    expect(summariesOf(write)).toEqual([{ client: "a", start: t0, end: t0, perSecret: { s1: 1 } }]);
    expect(write.mock.calls[0]![3][0]!.origin).toEqual(origin);

    // Within the interval: counted in memory, no summary of its own (b's first goes at once).
    for (const [ms, secret] of [
      [1000, "s1"],
      [2000, "s2"],
      [3000, "s1"],
      [4000, "s1"],
    ] as const) {
      await vi.advanceTimersByTimeAsync(1000);
      void usage.record("a", new Date(t0 + ms), { ...NO_ORIGIN, requestId: `r-${ms}` }, secret);
    }
    void usage.record("b", new Date(t0 + 4000), NO_ORIGIN, "s9");
    await vi.advanceTimersByTimeAsync(FLUSH);
    expect(summariesOf(write).map((x) => x.client)).toEqual(["a", "b"]);

    // When the interval is up: one summary of a's four tokens, with the first of them as its origin.
    await vi.advanceTimersByTimeAsync(INTERVAL - 4000 - FLUSH - 1);
    expect(summariesOf(write)).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1 + FLUSH);
    expect(summariesOf(write).slice(2)).toEqual([{ client: "a", start: t0 + 1000, end: t0 + 4000, perSecret: { s1: 3, s2: 1 } }]);
    expect(write.mock.calls.at(-1)![3][0]!.origin.requestId).toBe("r-1000");

    // Every token counted once across the summaries; nothing more to write.
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    const total = summariesOf(write).reduce((n, x) => n + Object.values(x.perSecret).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(6);
    expect(write.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it("a busy client: at most one summary per interval, in the batches already written", async () => {
    vi.useFakeTimers();
    const write = summaryWriter();
    const usage = createTokenUsageRecorder(write, FLUSH, INTERVAL);
    const t0 = Date.now();
    // A token every 100 ms for five intervals.
    for (let ms = 0; ms < 5 * INTERVAL; ms += 100) {
      void usage.record("busy", new Date(t0 + ms), NO_ORIGIN, ms % 300 === 0 ? "s1" : "s2");
      await vi.advanceTimersByTimeAsync(100);
    }
    await usage.flush();
    const summaries = summariesOf(write);
    expect(summaries.length).toBeLessThanOrEqual(6);
    expect(summaries.reduce((n, x) => n + x.perSecret.s1! + (x.perSecret.s2 ?? 0), 0)).toBe(500);
    // Consecutive, never overlapping.
    for (let i = 1; i < summaries.length; i++) expect(summaries[i]!.start).toBeGreaterThan(summaries[i - 1]!.end);
    // The batches are the lastTokenAt ones (one a minute at most here: none beyond the summaries' own).
    expect(write.mock.calls.length).toBeLessThanOrEqual(summaries.length + 1);
  });

  it("writes each client's summary when its own interval is up, not at another client's", async () => {
    vi.useFakeTimers();
    const write = summaryWriter();
    const usage = createTokenUsageRecorder(write, FLUSH, INTERVAL);
    const t0 = Date.now();
    void usage.record("a", new Date(t0), NO_ORIGIN, "s1");
    await vi.advanceTimersByTimeAsync(5000);
    void usage.record("b", new Date(t0 + 5000), NO_ORIGIN, "s2");
    await vi.advanceTimersByTimeAsync(1000);
    void usage.record("b", new Date(t0 + 6000), NO_ORIGIN, "s2"); // b's interval is up at t0 + 15 s
    await vi.advanceTimersByTimeAsync(1000);
    void usage.record("a", new Date(t0 + 7000), NO_ORIGIN, "s1"); // a's at t0 + 10 s
    await vi.advanceTimersByTimeAsync(3000 + FLUSH);
    expect(summariesOf(write).map((x) => [x.client, x.start - t0])).toEqual([
      ["a", 0],
      ["b", 5000],
      ["a", 7000],
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(
      summariesOf(write)
        .map((x) => [x.client, x.start - t0])
        .at(-1),
    ).toEqual(["b", 6000]);
  });

  it("writes what is being counted when flushed (shutdown)", async () => {
    vi.useFakeTimers();
    const write = summaryWriter();
    const usage = createTokenUsageRecorder(write, FLUSH, INTERVAL);
    void usage.record("a", new Date(), NO_ORIGIN, "s1");
    await vi.advanceTimersByTimeAsync(FLUSH);
    void usage.record("a", new Date(), NO_ORIGIN, "s1");
    void usage.record("a", new Date(), NO_ORIGIN, "s2");
    await usage.flush();
    expect(summariesOf(write).map((x) => x.perSecret)).toEqual([{ s1: 1 }, { s1: 1, s2: 1 }]);
  });
});

describe("recordTokensIssued", () => {
  let profileId = "";
  beforeAll(async () => {
    await ensureDefaultProfiles(prisma);
    profileId = (await prisma.profile.findFirstOrThrow()).id;
  });
  const client = (clientId: string) => prisma.client.create({ data: clientRow(clientId, profileId) });

  const summary = (clientInternalId: string, start: Date, end: Date, perSecret: [string, number][], origin = NO_ORIGIN): TokenSummary => ({
    clientInternalId,
    start,
    end,
    origin,
    perSecret: new Map(perSecret),
  });

  it("writes lastTokenAt at most once a minute per client, across instances", async () => {
    const [a, b] = [await client("usage-a"), await client("usage-b")];
    const at = new Date("2026-11-27T08:00:00.000Z");
    await recordTokensIssued([a.id, b.id], at);
    const rows = await prisma.client.findMany({ where: { id: { in: [a.id, b.id] } }, select: { lastTokenAt: true } });
    expect(rows.map((r) => r.lastTokenAt?.toISOString())).toEqual([at.toISOString(), at.toISOString()]);

    // Just under a minute later: a was written at `at` and is left alone; b's row (as if another
    // instance wrote it a second earlier) is more than a minute old and is written.
    const later = new Date(at.getTime() + TOKEN_USAGE_INTERVAL_MS - 1);
    await prisma.client.update({ where: { id: b.id }, data: { lastTokenAt: new Date(at.getTime() - 1000) } });
    await recordTokensIssued([a.id, b.id], later);
    expect((await prisma.client.findUniqueOrThrow({ where: { id: a.id } })).lastTokenAt).toEqual(at);
    expect((await prisma.client.findUniqueOrThrow({ where: { id: b.id } })).lastTokenAt).toEqual(later);
  });

  it("writes one token.issued event per summary: the count per secret (id and hint, never the hash) and the interval", async () => {
    const a = await client("usage-summary");
    const [s1, s2] = await Promise.all(
      ["h1x", "h2y"].map((hint) =>
        prisma.secret.create({ data: { clientInternalId: a.id, hash: `hash-of-${hint}`, hint, createdBy: "test" }, select: { id: true } }),
      ),
    );
    const start = new Date("2026-11-27T08:00:00.000Z");
    const end = new Date("2026-11-27T08:14:59.000Z");
    const origin = { address: "198.51.100.7", userAgent: "job/2", requestId: "req-sum" };
    await recordTokensIssued(
      [],
      new Date(),
      [],
      [
        summary(
          a.id,
          start,
          end,
          [
            [s1!.id, 40],
            [s2!.id, 2],
            ["deleted-secret", 1],
          ],
          origin,
        ),
        summary("deleted-client", start, end, [[s1!.id, 5]]),
      ],
    );
    const events = await prisma.auditEvent.findMany({ where: { action: "token.issued" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "client",
      actorId: a.id,
      actorLabel: "usage-summary",
      targetType: "client",
      targetId: a.id,
      targetLabel: "usage-summary",
      address: "198.51.100.7",
      requestId: "req-sum",
      changes: {
        tokens: 43,
        start: start.toISOString(),
        end: end.toISOString(),
        secrets: [
          { id: s1!.id, hint: "h1x", tokens: 40 },
          { id: s2!.id, hint: "h2y", tokens: 2 },
          { id: "deleted-secret", hint: null, tokens: 1 },
        ],
      },
    });
    expect(JSON.stringify(events)).not.toContain("hash-of-");
  });

  it("writes more clients than one statement takes", async () => {
    const created = await prisma.client.createManyAndReturn({
      data: Array.from({ length: 1_100 }, (_, i) => clientRow(`usage-many-${i}`, profileId)),
      select: { id: true },
    });
    const ids = created.map((c) => c.id);
    const now = new Date();
    await recordTokensIssued(
      ids,
      now,
      [],
      ids.map((id) => summary(id, now, now, [["", 1]])),
    );
    expect(await prisma.client.count({ where: { clientId: { startsWith: "usage-many-" }, lastTokenAt: { not: null } } })).toBe(1_100);
    expect(await prisma.auditEvent.count({ where: { action: "token.issued", targetLabel: { startsWith: "usage-many-" } } })).toBe(1_100);
  });

  it("writes the secret uses in the same transaction: lastUsedAt moves forward only, day counts add up, old days go", async () => {
    const a = await client("usage-secrets");
    const [first, second] = await Promise.all(
      ["s1", "s2"].map((hint) =>
        prisma.secret.create({ data: { clientInternalId: a.id, hash: `hash-${hint}`, hint, createdBy: "test" }, select: { id: true } }),
      ),
    );
    const at = new Date();
    const old = new Date(at.getTime() - 40 * 86_400_000);
    await prisma.secretUsageDay.create({ data: { secretId: first!.id, day: usageDay(old), count: 9 } });
    const use = (secretId: string, lastUsedAt: Date, count = 1): SecretUse => ({ secretId, day: usageDay(lastUsedAt), count, lastUsedAt });

    await recordTokensIssued([], at, [use(first!.id, at, 2), use("deleted-secret", at)]);
    await recordTokensIssued([], at, [use(first!.id, new Date(at.getTime() - 1000), 3)]);

    const row = (id: string) => prisma.secret.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } });
    expect((await row(first!.id)).lastUsedAt).toEqual(at);
    expect((await row(second!.id)).lastUsedAt).toBeNull();
    expect(await prisma.secretUsageDay.findMany({ where: { secretId: { in: [first!.id, second!.id] } }, select: { day: true, count: true } })).toEqual([
      { day: usageDay(at), count: 5 },
    ]);
  });
});
