import "server-only";
import { pingDatabase } from "@/lib/db/client";
import { availability, prisma } from "@/lib/db/prisma";
import { errorFields, logEvent, requestIdOf } from "@/lib/log";

const DATABASE_TIMEOUT_MS = 2000;

export type Readiness = { status: "ready" | "unavailable"; checks: { database: "ok" | "failed" } };

/**
 * Is this instance ready for traffic? The database must answer `SELECT 1` within 2 s; a probe that
 * gives up ends its statement too (pingDatabase). The answer names the failed check only; an outage
 * is logged once by lib/db/availability.ts, any other reason on its own line (never a connection
 * string).
 */
export async function checkReadiness(headers?: Headers): Promise<Readiness> {
  try {
    await pingDatabase(prisma, DATABASE_TIMEOUT_MS);
    return { status: "ready", checks: { database: "ok" } };
  } catch (error) {
    const requestId = requestIdOf(headers);
    if (!availability.refused(error, { requestId, where: "readiness" })) {
      logEvent("error", "readiness check failed", { requestId, check: "database", ...errorFields(error) });
    }
    return { status: "unavailable", checks: { database: "failed" } };
  }
}
