import fs from "node:fs";
import { logEvent, type LogFields, type LogLevel } from "@/lib/log";

// The portal's clock for the rules that turn on the passing of days: which client and scope secrets
// are still valid (the token and introspection endpoints, the end-user engine), how the secret rows
// and the "needs attention" panel show them, the usage they record, and when expiry warnings go
// out. Callers take `now()` once and pass it down. Sessions, one-time codes, token lifetimes and
// rate limits keep the system clock: a moved test clock must not sign anyone out.
//
// In production `now()` is `new Date()`. For end-to-end tests only, PORTAL_TEST_CLOCK_FILE names a
// file holding an offset in milliseconds (a whole number, 0 or more) that is added to the real time;
// the file is looked at on each call (one stat) and read again when it changed. Why this is safe
// enough to honour in a production build: docs/decisions/026-test-clock.md.

export type Clock = () => Date;

/** The variable that turns the test clock on (scripts/e2e-server.mjs sets it; nothing else should). */
export const TEST_CLOCK_VARIABLE = "PORTAL_TEST_CLOCK_FILE";

/** The largest offset honoured: ten years. */
const MAX_OFFSET_MS = 10 * 366 * 24 * 60 * 60 * 1000;

/**
 * The offset a test clock file's text holds: a whole number of milliseconds, from 0 to ten years;
 * null for anything else. Never negative: the test clock can make a secret expire sooner, never
 * bring an expired one back.
 */
export function parseClockOffset(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,12}$/.test(trimmed)) return null;
  const offset = Number(trimmed);
  return offset <= MAX_OFFSET_MS ? offset : null;
}

type Log = (level: LogLevel, msg: string, fields?: LogFields) => void;

/**
 * The clock the environment asks for: the system clock, or — PORTAL_TEST_CLOCK_FILE set — the
 * system clock plus the file's offset. A missing file means no offset; a file that does not hold a
 * valid offset is refused (an error line, and no offset until it does).
 */
export function createClock(env: Record<string, string | undefined> = process.env, log: Log = logEvent): Clock {
  const file = env[TEST_CLOCK_VARIABLE]?.trim();
  if (!file) return () => new Date();
  log("warn", "TEST CLOCK ON: secret validity and expiry warnings follow an offset read from a file. Never set this outside tests.", {
    variable: TEST_CLOCK_VARIABLE,
    file,
  });
  let seen: string | null = null;
  let offset = 0;
  let announced = false;
  return () => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    // Whatever a writer does (in place, or a new file renamed over it) changes one of these.
    const version = stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : "";
    if (version !== seen) {
      seen = version;
      const read = stat ? readOffset(file) : 0;
      if (read === null) log("error", "test clock file refused: not a whole number of milliseconds from 0 to ten years; no offset", { file });
      else if (read !== offset || !announced) log("warn", "test clock offset", { offsetMs: read, file });
      announced = read !== null;
      offset = read ?? 0;
    }
    return new Date(Date.now() + offset);
  };
}

function readOffset(file: string): number | null {
  try {
    return parseClockOffset(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** The current instant for the rules that turn on the passing of days (see above). */
export const now: Clock = createClock();
