import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import { prisma } from "@/lib/db/prisma";
import { errorFields, logEvent } from "@/lib/log";

// Records that the token endpoint issued a token to a client (Client.lastTokenAt), for the onboarding
// walkthrough ("you got a token") and the dashboard ("secrets never used"). The token endpoint must
// stay fast, so the write (lastTokenAt and a `token.issued` audit event) is throttled to once a minute per client (in memory, per process) and runs
// after the response is built: the caller never waits for it, and a failed write is only logged.

/** How often a client's lastTokenAt is written at most. */
export const TOKEN_USAGE_INTERVAL_MS = 60_000;

/** Keeps at most this many clients in memory; beyond it the oldest entries are dropped. */
const MAX_TRACKED = 10_000;

export type TokenUsageRecorder = {
  /** Notes a successful token issuance; returns the pending write, or null when throttled. */
  record(clientInternalId: string, now?: Date): Promise<void> | null;
};

export function createTokenUsageRecorder(
  write: (clientInternalId: string, at: Date) => Promise<unknown> = recordTokenIssued,
): TokenUsageRecorder {
  const lastWrite = new Map<string, number>();
  return {
    record(clientInternalId, now = new Date()) {
      const previous = lastWrite.get(clientInternalId);
      if (previous !== undefined && now.getTime() - previous < TOKEN_USAGE_INTERVAL_MS) return null;
      lastWrite.delete(clientInternalId);
      lastWrite.set(clientInternalId, now.getTime());
      if (lastWrite.size > MAX_TRACKED) lastWrite.delete(lastWrite.keys().next().value as string);
      return Promise.resolve()
        .then(() => write(clientInternalId, now))
        .then(
          () => undefined,
          (error: unknown) => {
            lastWrite.delete(clientInternalId);
            logEvent("error", "token usage not recorded", errorFields(error));
          },
        );
    },
  };
}

/**
 * Sets lastTokenAt and writes a `token.issued` audit event (actor: the client), both at most once a
 * minute per client. The where clause makes it hold across processes too: an instance that wrote
 * less than a minute ago wins, and nothing is written twice.
 */
export async function recordTokenIssued(id: string, at: Date) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.client.updateMany({
      where: { id, OR: [{ lastTokenAt: null }, { lastTokenAt: { lt: new Date(at.getTime() - TOKEN_USAGE_INTERVAL_MS) } }] },
      data: { lastTokenAt: at },
    });
    if (count === 0) return;
    const client = await tx.client.findUniqueOrThrow({ where: { id }, select: { clientId: true } });
    await recordAudit(tx, { type: "client", id, label: client.clientId }, {
      action: "token.issued",
      target: { type: "client", id, label: client.clientId },
      changes: { note: "at most one event a minute per client" },
    });
  });
}

/** The process-wide recorder the token endpoint uses. */
export const tokenUsage = createTokenUsageRecorder();
