import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

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
