import "server-only";
import { prisma } from "@/lib/db/prisma";
import { errorFields, logEvent, requestIdOf } from "@/lib/log";

const DATABASE_TIMEOUT_MS = 2000;

export type Readiness = { status: "ready" | "unavailable"; checks: { database: "ok" | "failed" } };

/**
 * Is this instance ready for traffic? The database must answer `SELECT 1` within 2 s. The answer
 * names the failed check only; the reason goes to the log (never a connection string).
 */
export async function checkReadiness(headers?: Headers): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
      }),
    ]);
    return { status: "ready", checks: { database: "ok" } };
  } catch (error) {
    logEvent("error", "readiness check failed", { requestId: requestIdOf(headers), check: "database", ...errorFields(error) });
    return { status: "unavailable", checks: { database: "failed" } };
  } finally {
    clearTimeout(timer);
  }
}
