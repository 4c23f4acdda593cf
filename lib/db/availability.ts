// Is the database there? One state per process (the protocol server and Next.js's bundles share it
// through globalThis), fed by every request that failed for want of the database, watched back to
// health by a probe. It decides nothing about requests — each still tries the database, so service
// returns with the database itself — it keeps the log to one line per change of state and one count
// every few seconds, instead of one error line per failed request (docs/decisions/011-postgresql.md).
import { errorFields, logEvent, type LogFields } from "@/lib/log";
import { isDatabaseUnavailable } from "./errors";

/** What a refused request tells its caller (Retry-After, in seconds). */
export const RETRY_AFTER_SECONDS = 2;
/** While the database is away: how often the probe asks, and how often the refusals are counted in the log. */
export const WATCH_EVERY_MS = 250;
export const REPORT_EVERY_MS = 10_000;
/**
 * How long the database must stay reachable before the outage is logged as over. A failure inside
 * that time (a connection that timed out under load just after the probe got through) continues the
 * same outage, so a struggling database gives two lines, not a pair every quarter second.
 */
export const SETTLE_MS = 2000;

export type Availability = {
  /**
   * When `error` says the database is unreachable or too slow: counts the request as refused (the
   * first of an outage logs "database unavailable") and returns true — answer 503 with Retry-After.
   * Otherwise false, and nothing is logged: the caller handles its own error.
   */
  refused(error: unknown, fields?: LogFields): boolean;
  /** True from the first refusal until the probe reaches the database again (or a refusal since). */
  readonly down: boolean;
};

type Options = {
  /** Resolves when the database answers (lib/db/client.ts pingDatabase), rejects otherwise. */
  probe: () => Promise<void>;
  log?: typeof logEvent;
  now?: () => number;
  watchEveryMs?: number;
  reportEveryMs?: number;
  settleMs?: number;
};

export function createAvailability({
  probe,
  log = logEvent,
  now = Date.now,
  watchEveryMs = WATCH_EVERY_MS,
  reportEveryMs = REPORT_EVERY_MS,
  settleMs = SETTLE_MS,
}: Options): Availability {
  let since: number | null = null;
  /** While the outage settles: when the probe first reached the database again. */
  let upAt: number | null = null;
  let refusedTotal = 0;
  let refusedSinceReport = 0;
  let lastReport = 0;
  let probing = false;
  let watch: NodeJS.Timeout | null = null;

  const report = () => {
    if (refusedSinceReport === 0) return;
    log("warn", "requests refused while the database is unavailable", { refused: refusedSinceReport, seconds: Math.round((now() - lastReport) / 1000) });
    refusedSinceReport = 0;
    lastReport = now();
  };

  const reached = () => {
    if (since === null) return;
    upAt ??= now();
    if (now() - upAt < settleMs) return;
    report();
    log("info", "database available again", { downMs: upAt - since, refused: refusedTotal });
    since = null;
    upAt = null;
    refusedTotal = 0;
    if (watch) clearInterval(watch);
    watch = null;
  };

  const tick = () => {
    if (now() - lastReport >= reportEveryMs) report();
    if (probing) return;
    probing = true;
    probe()
      .then(reached, () => {
        upAt = null;
      })
      .finally(() => {
        probing = false;
      });
  };

  return {
    get down() {
      return since !== null && upAt === null;
    },
    refused(error, fields = {}) {
      if (!isDatabaseUnavailable(error)) return false;
      refusedTotal++;
      if (since === null) {
        since = now();
        lastReport = since;
        refusedSinceReport = 0;
        log("error", "database unavailable", { ...fields, ...errorFields(error) });
        watch = setInterval(tick, watchEveryMs);
        watch.unref();
      } else {
        upAt = null;
        refusedSinceReport++;
      }
      return true;
    },
  };
}

const shared = globalThis as unknown as { portalDatabaseAvailability?: Availability };

/**
 * The process's one Availability. The first caller's probe is kept: every module graph of the
 * process (the protocol bundle, Next.js's) then counts and logs into the same state.
 */
export function databaseAvailability(probe: () => Promise<void>): Availability {
  return (shared.portalDatabaseAvailability ??= createAvailability({ probe }));
}

/** The process's Availability when a database client exists (for code that must not make one: instrumentation.ts). */
export function existingAvailability(): Availability | undefined {
  return shared.portalDatabaseAvailability;
}
