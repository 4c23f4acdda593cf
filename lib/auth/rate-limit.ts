/**
 * A fixed-window limiter kept in memory. The portal runs as one Node process, so memory is the
 * right place; a multi-instance deployment would move this to the database or Redis.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for `key`; returns whether it is allowed and when the window resets. */
  consume(key: string): { allowed: boolean; retryAfterMs: number } {
    const now = this.now();
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.count += 1;
    if (this.hits.size > 10_000) this.sweep(now);
    return { allowed: entry.count <= this.limit, retryAfterMs: Math.max(0, entry.resetAt - now) };
  }

  /** Forgets `key` (after a successful sign-in). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}
