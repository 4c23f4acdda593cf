import { describe, expect, it } from "vitest";
import { exactInstant, formatAgo, formatInstant } from "./format-instant";

describe("formatInstant", () => {
  it("shows a readable UTC time and keeps the exact instant for the tooltip", () => {
    const date = new Date("2026-11-26T19:30:12.345Z");
    expect(formatInstant(date)).toBe("26 Nov 2026, 19:30 UTC");
    expect(exactInstant(date)).toBe("2026-11-26T19:30:12.345Z");
  });
});

describe("formatAgo", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  const before = (ms: number) => new Date(now.getTime() - ms);
  it("says how long ago in the largest whole unit", () => {
    expect(formatAgo(before(5_000), now)).toBe("just now");
    expect(formatAgo(before(60_000), now)).toBe("1 minute ago");
    expect(formatAgo(before(119 * 60_000), now)).toBe("1 hour ago");
    expect(formatAgo(before(3 * 86_400_000 + 1), now)).toBe("3 days ago");
    // A clock a little ahead elsewhere: never "in 2 seconds".
    expect(formatAgo(new Date(now.getTime() + 2000), now)).toBe("just now");
  });
});
