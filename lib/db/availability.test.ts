import { afterEach, describe, expect, it, vi } from "vitest";
import { createAvailability, REPORT_EVERY_MS, SETTLE_MS, WATCH_EVERY_MS } from "./availability";

const unreachable = () => Object.assign(new Error("Can't reach database server"), { name: "PrismaClientKnownRequestError", code: "P1001", clientVersion: "7" });

afterEach(() => vi.useRealTimers());

describe("database availability", () => {
  it("logs one line when the database goes, a count of refused requests every 10 s, and one line when it is back", async () => {
    vi.useFakeTimers();
    let reachable = false;
    const probe = vi.fn(async () => {
      if (!reachable) throw unreachable();
    });
    const log = vi.fn();
    const availability = createAvailability({ probe, log });

    expect(availability.refused(new Error("a bug"))).toBe(false);
    expect(availability.down).toBe(false);
    expect(probe).not.toHaveBeenCalled();

    // 4,300 failed requests a second for 25 s: three lines, not 107,500.
    for (let second = 0; second < 25; second++) {
      for (let i = 0; i < 4300; i++) expect(availability.refused(unreachable(), { requestId: `r${second}-${i}` })).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(availability.down).toBe(true);
    expect(log.mock.calls).toEqual([
      ["error", "database unavailable", { requestId: "r0-0", error: "PrismaClientKnownRequestError", code: "P1001" }],
      ["warn", "requests refused while the database is unavailable", { refused: 4300 * 10 - 1, seconds: 10 }],
      ["warn", "requests refused while the database is unavailable", { refused: 4300 * 10, seconds: 10 }],
    ]);

    // The probe reaches it again at the next watch: requests are no longer refused at once, and once
    // it has stayed reachable for SETTLE_MS, one line with how long it was away.
    reachable = true;
    log.mockClear();
    await vi.advanceTimersByTimeAsync(WATCH_EVERY_MS);
    expect(availability.down).toBe(false);
    expect(log).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(log.mock.calls).toEqual([
      ["warn", "requests refused while the database is unavailable", { refused: 4300 * 5, seconds: 5 + SETTLE_MS / 1000 }],
      ["info", "database available again", { downMs: 25_000 + WATCH_EVERY_MS, refused: 4300 * 25 }],
    ]);

    // Quiet again: no probe, no line.
    const probes = probe.mock.calls.length;
    await vi.advanceTimersByTimeAsync(REPORT_EVERY_MS * 3);
    expect(probe.mock.calls.length).toBe(probes);
    expect(log).toHaveBeenCalledTimes(2);
  });

  it("a failure while the database settles continues the same outage: two lines, not a pair per probe", async () => {
    vi.useFakeTimers();
    let reachable = false;
    const probe = vi.fn(async () => {
      if (!reachable) throw unreachable();
    });
    const log = vi.fn();
    const availability = createAvailability({ probe, log });
    availability.refused(unreachable());
    // A database under load: the probe gets through, then a request's connection times out, 15 times in 7.5 s.
    for (let i = 0; i < 15; i++) {
      reachable = true;
      await vi.advanceTimersByTimeAsync(WATCH_EVERY_MS);
      expect(availability.down).toBe(false);
      expect(availability.refused(unreachable())).toBe(true);
      expect(availability.down).toBe(true);
      reachable = i % 2 === 0;
      await vi.advanceTimersByTimeAsync(WATCH_EVERY_MS);
    }
    expect(log.mock.calls.map(([, msg]) => msg)).toEqual(["database unavailable"]);
    reachable = true;
    await vi.advanceTimersByTimeAsync(WATCH_EVERY_MS + SETTLE_MS);
    expect(log.mock.calls.map(([, msg]) => msg)).toEqual([
      "database unavailable",
      "requests refused while the database is unavailable",
      "database available again",
    ]);
    expect(log.mock.calls.at(-1)?.[2]).toMatchObject({ refused: 16 });
  });

  it("never runs two probes at once against a database that does not answer", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(() => new Promise<void>(() => {}));
    const availability = createAvailability({ probe, log: vi.fn() });
    availability.refused(unreachable());
    await vi.advanceTimersByTimeAsync(WATCH_EVERY_MS * 20);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
