import { describe, expect, it } from "vitest";
import { breaksPolicy, daysLeft, defaultExpiry, expiryRefusal, expiryWarning, maxExpiry, NO_POLICY, secretPolicyFor, warningHorizon } from "./policy";

const now = new Date("2026-03-01T12:00:00Z");
const days = (n: number, from = now) => new Date(from.getTime() + n * 86_400_000);
const ninety = secretPolicyFor({ secretMaxDays: 90 });

describe("secretPolicyFor", () => {
  it("reads the profile's maximum; no profile or no maximum is no limit", () => {
    expect(ninety).toEqual({ maxDays: 90 });
    expect(secretPolicyFor({ secretMaxDays: null })).toEqual(NO_POLICY);
    expect(secretPolicyFor(null)).toEqual(NO_POLICY);
  });
});

describe("maxExpiry and defaultExpiry", () => {
  it("is the creation plus the maximum, or null without one", () => {
    expect(maxExpiry(ninety, now)).toEqual(new Date("2026-05-30T12:00:00Z"));
    expect(defaultExpiry(ninety, now)).toEqual(days(90));
    expect(maxExpiry(NO_POLICY, now)).toBeNull();
  });
});

describe("expiryRefusal", () => {
  it("accepts up to the maximum, to the millisecond", () => {
    expect(expiryRefusal(days(90), ninety, now)).toBeNull();
    expect(expiryRefusal(days(1), ninety, now)).toBeNull();
  });
  it("refuses later, and never, naming the limit", () => {
    expect(expiryRefusal(new Date(days(90).getTime() + 1), ninety, now)).toBe(
      "The profile's policy allows at most 90 days: choose 30 May 2026, 12:00 UTC or earlier.",
    );
    expect(expiryRefusal(null, ninety, now)).toBe("The profile's policy requires an expiry: at most 90 days from now.");
    expect(expiryRefusal(null, { maxDays: 1 }, now)).toMatch(/at most 1 day from now/);
  });
  it("refuses nothing without a policy", () => {
    expect(expiryRefusal(null, NO_POLICY, now)).toBeNull();
    expect(expiryRefusal(days(10_000), NO_POLICY, now)).toBeNull();
  });
});

describe("breaksPolicy", () => {
  const created = days(-10);
  it("flags a live secret that lives longer than its creation plus the maximum, or forever", () => {
    expect(breaksPolicy({ createdAt: created, expiresAt: days(81), revokedAt: null }, ninety, now)).toBe(true);
    expect(breaksPolicy({ createdAt: created, expiresAt: null, revokedAt: null }, ninety, now)).toBe(true);
  });
  it("measures from the creation, not from now", () => {
    // 80 days from now is within 90 days of now, but 90 days after a creation 10 days ago.
    expect(breaksPolicy({ createdAt: created, expiresAt: days(80), revokedAt: null }, ninety, now)).toBe(false);
    expect(breaksPolicy({ createdAt: created, expiresAt: days(80.5), revokedAt: null }, ninety, now)).toBe(true);
  });
  it("ignores revoked and expired secrets, and everything without a policy", () => {
    expect(breaksPolicy({ createdAt: created, expiresAt: null, revokedAt: days(-1) }, ninety, now)).toBe(false);
    expect(breaksPolicy({ createdAt: days(-400), expiresAt: days(-1), revokedAt: null }, ninety, now)).toBe(false);
    expect(breaksPolicy({ createdAt: created, expiresAt: null, revokedAt: null }, NO_POLICY, now)).toBe(false);
  });
});

describe("daysLeft and expiryWarning", () => {
  it("counts whole days left, rounded up", () => {
    expect(daysLeft(days(0.2), now)).toBe(1);
    expect(daysLeft(days(7), now)).toBe(7);
    expect(daysLeft(days(-1), now)).toBe(0);
    expect(daysLeft(null, now)).toBeNull();
  });
  it("puts an expiry in the tightest of the 30, 7 and 1-day windows", () => {
    expect(expiryWarning(days(0.5), now)).toBe(1);
    expect(expiryWarning(days(1), now)).toBe(1);
    expect(expiryWarning(days(1.01), now)).toBe(7);
    expect(expiryWarning(days(7), now)).toBe(7);
    expect(expiryWarning(days(29), now)).toBe(30);
    expect(expiryWarning(days(30), now)).toBe(30);
    expect(expiryWarning(days(31), now)).toBeNull();
    expect(expiryWarning(days(-1), now)).toBeNull();
    expect(expiryWarning(null, now)).toBeNull();
    expect(warningHorizon(now)).toEqual(days(30));
  });
});
