// The outbox's and the mail's settings (README "Environment"). A value that is not a whole number
// in range stops the start, as the database timeouts do: a typo must not silently mean "never retry".

type Env = Record<string, string | undefined>;

/** The defaults, in milliseconds or counts. */
export const OUTBOX_DEFAULTS = {
  /** How often the worker looks for messages another instance wrote (its own wake it at once). */
  OUTBOX_POLL_MS: 5000,
  /** The wait before the first retry; each further retry waits twice as long… */
  OUTBOX_RETRY_BASE_MS: 30_000,
  /** …but never longer than this. */
  OUTBOX_RETRY_MAX_MS: 3_600_000,
  /** Attempts before a message is given up (failedAt); with the defaults about 16 hours of retries. */
  OUTBOX_MAX_ATTEMPTS: 20,
  /** How long a worker holds a message it delivers; another instance takes it over after that. */
  OUTBOX_LEASE_MS: 120_000,
  /** How often the secret-expiry scan runs. */
  SECRET_EXPIRY_SCAN_MS: 3_600_000,
} as const;

export type OutboxSettings = {
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  expiryScanMs: number;
};

function read(env: Env, name: keyof typeof OUTBOX_DEFAULTS, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return OUTBOX_DEFAULTS[name];
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min) throw new Error(`${name} must be a whole number, at least ${min}, not "${raw}".`);
  return Number(raw);
}

export function outboxSettings(env: Env = process.env): OutboxSettings {
  return {
    pollMs: read(env, "OUTBOX_POLL_MS", 100),
    retryBaseMs: read(env, "OUTBOX_RETRY_BASE_MS", 10),
    retryMaxMs: read(env, "OUTBOX_RETRY_MAX_MS", 10),
    maxAttempts: read(env, "OUTBOX_MAX_ATTEMPTS", 1),
    leaseMs: read(env, "OUTBOX_LEASE_MS", 1000),
    expiryScanMs: read(env, "SECRET_EXPIRY_SCAN_MS", 1000),
  };
}

/** The wait after the `attempts`-th failed attempt: base · 2^(attempts−1), at most the cap. */
export function retryDelayMs(attempts: number, { retryBaseMs, retryMaxMs }: Pick<OutboxSettings, "retryBaseMs" | "retryMaxMs">): number {
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}
