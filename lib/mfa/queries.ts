import "server-only";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { mfaRequiredFor } from "./requirement";
import { currentMfaLevel } from "./service";

export type FactorRow = { id: string; kind: "totp" | "passkey"; name: string; createdAt: Date; lastUsedAt: Date | null };

/** /account: the admin's confirmed factors, their unused recovery codes, and whether they must keep one. */
export async function accountFactors(admin: { id: string; role: string }) {
  const db = prisma as unknown as Tx;
  const [factors, recoveryCodesLeft, level] = await Promise.all([
    prisma.adminFactor.findMany({
      where: { adminId: admin.id, confirmedAt: { not: null } },
      orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, name: true, createdAt: true, lastUsedAt: true },
    }),
    prisma.adminRecoveryCode.count({ where: { adminId: admin.id, usedAt: null } }),
    currentMfaLevel(db),
  ]);
  return { factors: factors as FactorRow[], recoveryCodesLeft, required: mfaRequiredFor(admin.role, level) };
}
