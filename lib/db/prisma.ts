import "server-only";
import { databaseAvailability } from "./availability";
import { createPrismaClient, pingDatabase, type Db } from "./client";

// One client per process; in development Next.js re-evaluates modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: Db };

export const prisma: Db = globalForPrisma.prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

/** How long the outage watch waits for each `SELECT 1`. */
const PROBE_TIMEOUT_MS = 1000;

/** Whether the database is there (lib/db/availability.ts): report each request that failed for want of it. */
export const availability = databaseAvailability(() => pingDatabase(prisma, PROBE_TIMEOUT_MS));
