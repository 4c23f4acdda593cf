import "server-only";
import { prisma } from "@/lib/db/prisma";
import { verifySecret } from "@/lib/secrets/secret";

// The one-time credential of a "Try sign-in" (./trial.ts), as the token endpoint checks it: any live,
// unused trial of the client whose hash matches, compared in constant time with every candidate, and
// used up by the first request that presents it (two requests at once: one wins the update).

export async function consumeTrialCredential(clientId: string, credential: string, now = new Date()): Promise<boolean> {
  const trials = await prisma.clientTrial.findMany({
    where: { client: { clientId }, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, credentialHash: true },
    take: 20,
  });
  let matched: string | null = null;
  for (const trial of trials) if (verifySecret(credential, trial.credentialHash)) matched = trial.id;
  if (!matched) return false;
  const { count } = await prisma.clientTrial.updateMany({ where: { id: matched, usedAt: null }, data: { usedAt: now } });
  return count === 1;
}
