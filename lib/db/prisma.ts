import "server-only";
import { createPrismaClient, type Db } from "./client";

// One client per process; in development Next.js re-evaluates modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: Db };

export const prisma: Db = globalForPrisma.prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
