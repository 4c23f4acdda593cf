import fs from "node:fs";
import path from "node:path";

/** What the e2e server wrote to stdout and stderr (scripts/e2e-server.mjs copies both here). */
export const SERVER_LOG = path.join("data", `e2e-${process.env.E2E_PORT ?? "3100"}-server.log`);

/** The log's current length: pass it to serverLogSince to read what came after. */
export function serverLogMark(): number {
  return fs.statSync(SERVER_LOG).size;
}

/** What the server logged since `mark`, after a short pause for the output to arrive. */
export async function serverLogSince(mark: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  return fs.readFileSync(SERVER_LOG).subarray(mark).toString("utf8");
}

/** The lines at error level: lib/log.ts's JSON lines with "level":"error", and plain-text error output (Next.js's own). */
export function errorLines(log: string): string[] {
  return log.split("\n").filter((line) => {
    if (line.startsWith("{")) {
      try {
        return (JSON.parse(line) as { level?: string }).level === "error";
      } catch {
        return true;
      }
    }
    return /error|aborting|⨯/i.test(line);
  });
}
