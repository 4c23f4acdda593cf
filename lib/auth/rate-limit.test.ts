import { describe, expect, it } from "vitest";
import { limiterFor, RateLimiter, rateLimit } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows up to the limit in a window, then refuses until the window resets", () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    expect([1, 2, 3].map(() => limiter.consume("a").allowed)).toEqual([true, true, true]);
    const refused = limiter.consume("a");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(1000);
    now = 999;
    expect(limiter.consume("a").allowed).toBe(false);
    now = 1000;
    expect(limiter.consume("a").allowed).toBe(true);
  });

  it("counts keys separately and can reset one", () => {
    const limiter = new RateLimiter(1, 1000, () => 0);
    expect(limiter.consume("a").allowed).toBe(true);
    expect(limiter.consume("b").allowed).toBe(true);
    expect(limiter.consume("a").allowed).toBe(false);
    limiter.reset("a");
    expect(limiter.consume("a").allowed).toBe(true);
  });
});

describe("rate-limit settings", () => {
  it("0 turns a limiter off", () => {
    const limiter = new RateLimiter(0, 1000, () => 0);
    for (let i = 0; i < 100; i++) expect(limiter.consume("a").allowed).toBe(true);
  });

  it("reads whole numbers from the environment, defaults when unset, refuses anything else", () => {
    expect(rateLimit("RATE_LIMIT_TOKEN_PER_CLIENT", {})).toBe(30);
    expect(rateLimit("RATE_LIMIT_SIGN_IN_PER_EMAIL", { RATE_LIMIT_SIGN_IN_PER_EMAIL: " 0 " })).toBe(0);
    expect(limiterFor("RATE_LIMIT_TOKEN_PER_ADDRESS", { RATE_LIMIT_TOKEN_PER_ADDRESS: "5000" }).limit).toBe(5000);
    for (const bad of ["-1", "1.5", "ten", "1e3"]) {
      expect(() => rateLimit("RATE_LIMIT_INTROSPECT_PER_ADDRESS", { RATE_LIMIT_INTROSPECT_PER_ADDRESS: bad })).toThrow(/RATE_LIMIT_INTROSPECT_PER_ADDRESS/);
    }
  });
});
