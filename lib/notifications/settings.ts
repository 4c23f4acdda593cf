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
  /** Days a delivered (or deliberately not sent) message and a webhook's delivery log are kept. */
  OUTBOX_RETENTION_DAYS: 30,
  /** Days a given-up message (and an undelivered webhook event) is kept: long enough to notice and retry it. */
  OUTBOX_FAILED_RETENTION_DAYS: 90,
} as const;

export type OutboxSettings = {
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  expiryScanMs: number;
  retentionDays: number;
  failedRetentionDays: number;
};

function read(env: Env, name: keyof typeof OUTBOX_DEFAULTS, min: number, max = 9_999_999_999): number {
  const raw = env[name]?.trim();
  if (!raw) return OUTBOX_DEFAULTS[name];
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new Error(`${name} must be a whole number, at least ${min}${max < 9_999_999_999 ? ` and at most ${max}` : ""}, not "${raw}".`);
  return Number(raw);
}

export function outboxSettings(env: Env = process.env): OutboxSettings {
  const settings = {
    pollMs: read(env, "OUTBOX_POLL_MS", 100),
    retryBaseMs: read(env, "OUTBOX_RETRY_BASE_MS", 10),
    retryMaxMs: read(env, "OUTBOX_RETRY_MAX_MS", 10),
    maxAttempts: read(env, "OUTBOX_MAX_ATTEMPTS", 1),
    leaseMs: read(env, "OUTBOX_LEASE_MS", 1000),
    expiryScanMs: read(env, "SECRET_EXPIRY_SCAN_MS", 1000),
    retentionDays: read(env, "OUTBOX_RETENTION_DAYS", 1, 36_500),
    failedRetentionDays: read(env, "OUTBOX_FAILED_RETENTION_DAYS", 1, 36_500),
  };
  // A given-up message is the one an Owner still has to look at: never gone before a delivered one.
  if (settings.failedRetentionDays < settings.retentionDays)
    throw new Error(`OUTBOX_FAILED_RETENTION_DAYS (${settings.failedRetentionDays}) must be at least OUTBOX_RETENTION_DAYS (${settings.retentionDays}).`);
  return settings;
}

/** The wait after the `attempts`-th failed attempt: base · 2^(attempts−1), at most the cap. */
export function retryDelayMs(attempts: number, { retryBaseMs, retryMaxMs }: Pick<OutboxSettings, "retryBaseMs" | "retryMaxMs">): number {
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}
