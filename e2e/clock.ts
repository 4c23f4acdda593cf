import fs from "node:fs";
import path from "node:path";

// The e2e portal's test clock (lib/clock.ts): secret validity, the secret rows and the expiry scan
// follow real time plus the offset in this file (scripts/e2e-server.mjs names it in
// PORTAL_TEST_CLOCK_FILE). The server looks at the file on each use, so a change counts from the
// next request on. Specs run one at a time on one server: a spec that moves the clock puts it back
// (setClockOffset(0) in a finally or afterEach), and does not count on finding it at 0.

const CLOCK_FILE = path.join("data", `e2e-${process.env.E2E_PORT ?? "3100"}-clock`);

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Moves the portal's clock `ms` ahead of real time (0: real time). Written whole, then renamed into place. */
export function setClockOffset(ms: number) {
  fs.writeFileSync(`${CLOCK_FILE}.tmp`, String(ms));
  fs.renameSync(`${CLOCK_FILE}.tmp`, CLOCK_FILE);
}
