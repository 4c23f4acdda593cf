import { describe, expect, it } from "vitest";
import { exactInstant, formatInstant } from "./format-instant";

describe("formatInstant", () => {
  it("shows a readable UTC time and keeps the exact instant for the tooltip", () => {
    const date = new Date("2026-11-26T19:30:12.345Z");
    expect(formatInstant(date)).toBe("26 Nov 2026, 19:30 UTC");
    expect(exactInstant(date)).toBe("2026-11-26T19:30:12.345Z");
  });
});
