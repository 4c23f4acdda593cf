/**
 * A fixed-window limiter kept in memory, per process: each instance of the portal counts on its
 * own (docs/decisions/010-protocol-server-and-caches.md says why). A limit of 0 turns it off.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for `key`; returns whether it is allowed and when the window resets. */
  consume(key: string): { allowed: boolean; retryAfterMs: number } {
    if (this.limit === 0) return ALLOWED;
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

const ALLOWED = { allowed: true, retryAfterMs: 0 } as const;

/** The rate-limit settings, their defaults and their windows. Each is a count per window; 0 = off. */
export const RATE_LIMIT_SETTINGS = {
  RATE_LIMIT_TOKEN_PER_CLIENT: { default: 30, windowMs: 60_000 },
  RATE_LIMIT_TOKEN_PER_ADDRESS: { default: 120, windowMs: 60_000 },
  RATE_LIMIT_INTROSPECT_PER_ADDRESS: { default: 600, windowMs: 60_000 },
  RATE_LIMIT_AUTHORIZE_PER_ADDRESS: { default: 120, windowMs: 60_000 },
  RATE_LIMIT_AUTHORIZE_PER_CLIENT: { default: 1200, windowMs: 60_000 },
  RATE_LIMIT_END_USER_TOKEN_PER_CLIENT: { default: 1200, windowMs: 60_000 },
  RATE_LIMIT_SIGN_IN_PER_EMAIL: { default: 10, windowMs: 15 * 60_000 },
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: { default: 50, windowMs: 15 * 60_000 },
  RATE_LIMIT_SECOND_FACTOR_PER_ADMIN: { default: 10, windowMs: 15 * 60_000 },
  RATE_LIMIT_SECOND_FACTOR_PER_ADDRESS: { default: 50, windowMs: 15 * 60_000 },
} as const;

export type RateLimitSetting = keyof typeof RATE_LIMIT_SETTINGS;

/** A setting's value: a whole number ≥ 0 from the environment, else its default. Throws on anything else. */
export function rateLimit(name: RateLimitSetting, env: Record<string, string | undefined> = process.env): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return RATE_LIMIT_SETTINGS[name].default;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`${name} must be a whole number ≥ 0 (0 turns the limit off), not "${raw}".`);
  return Number(raw);
}

/** A limiter configured by a setting (its limit from the environment, its window from the table). */
export function limiterFor(name: RateLimitSetting, env: Record<string, string | undefined> = process.env): RateLimiter {
  return new RateLimiter(rateLimit(name, env), RATE_LIMIT_SETTINGS[name].windowMs);
}
