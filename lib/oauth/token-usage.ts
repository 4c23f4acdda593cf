import "server-only";
import { actorOf, recordAudits } from "@/lib/audit/audit";
import { NO_ORIGIN, type RequestOrigin } from "@/lib/audit/origin";
import { MAX_IN_LIST } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { errorFields, logEvent } from "@/lib/log";
import { addSecretUse, writeSecretUses, type SecretUse } from "@/lib/secrets/usage";

// Records that the token endpoint issued a token to a client (Client.lastTokenAt), for the onboarding
// walkthrough ("you got a token") and the dashboard ("secrets never used"). The token endpoint must
// stay fast, so:
// - each client is written at most once a minute (in memory, per process), after the response is
//   built: the caller never waits, and a failed write is only logged;
// - the clients are written together, one transaction for all of them, at most once per
//   TOKEN_USAGE_FLUSH_MS. Every commit empties the caches that follow the database's change epoch
//   (on SQLite, `data_version`: the protocol server's client records, the session rows, the list
//   pages), so the number of commits must not grow with the number of clients that get tokens —
//   one commit per client and minute, with 500 busy clients, emptied them eight times a second.
// The same batch carries the usage per secret (which secret authenticated a caller at the token,
// introspection and end-user endpoints: lib/secrets/usage.ts): every use is counted in memory and
// written in a batch's one transaction. A secret's first use after a quiet minute opens a batch (its
// "last used" shows within seconds); its further uses in that minute ride along with whatever batch
// comes next, or go at the latest a minute later — so a busy secret, like a busy client, causes at
// most one commit a minute, not one every TOKEN_USAGE_FLUSH_MS.

/** How often a client's lastTokenAt is written at most. */
export const TOKEN_USAGE_INTERVAL_MS = 60_000;

/**
 * At most one usage write per this interval, for all clients together. The first issuance after a
 * quiet spell is written at once (the walkthrough's "you got a token" shows on the next page load).
 */
export const TOKEN_USAGE_FLUSH_MS = 5_000;

/** Keeps at most this many clients in memory; beyond it the oldest entries are dropped. */
const MAX_TRACKED = 10_000;

export type TokenUsageRecorder = {
  /**
   * Notes a successful token issuance; returns the write that will carry it (it never rejects), or
   * null when the client was written less than a minute ago. `origin`: the request, which the audit
   * event of the minute names (the one that opened it).
   */
  record(clientInternalId: string, now?: Date, origin?: RequestOrigin): Promise<void> | null;
  /**
   * Notes that a secret authenticated a caller (every use counts); returns the write that will carry
   * it (it never rejects).
   */
  recordSecret(secretId: string, now?: Date): Promise<void>;
  /** Writes what is waiting now (at shutdown). */
  flush(): Promise<void>;
};

export function createTokenUsageRecorder(
  write: (clientInternalIds: string[], at: Date, secretUses: SecretUse[], origins: Map<string, RequestOrigin>) => Promise<unknown> = recordTokensIssued,
  flushMs = TOKEN_USAGE_FLUSH_MS,
): TokenUsageRecorder {
  const lastWrite = new Map<string, number>();
  /** When each secret last opened a batch (its uses within the minute after ride along). */
  const lastSecretWrite = new Map<string, number>();
  /** The batch being collected: its clients and secret uses, the promise of its write, and how to start it now. */
  let waiting: { ids: Map<string, RequestOrigin>; uses: Map<string, SecretUse>; done: Promise<void>; start: () => void } | null = null;
  /** Uses of secrets written less than a minute ago, kept for the next batch, which opens within a minute. */
  let carried: { uses: Map<string, SecretUse>; done: Promise<void>; written: () => void; timer: ReturnType<typeof setTimeout> } | null = null;
  let lastStart = -Infinity;
  let previous: Promise<void> = Promise.resolve();

  function open() {
    const ids = new Map<string, RequestOrigin>();
    const uses = new Map<string, SecretUse>();
    // The batch takes the carried uses along; their promise is this batch's write.
    const taken = carried;
    carried = null;
    if (taken) {
      clearTimeout(taken.timer);
      for (const [key, use] of taken.uses) uses.set(key, use);
    }
    let start = () => {};
    const done = new Promise<void>((resolve) => {
      start = () => {
        if (waiting?.ids === ids) waiting = null;
        clearTimeout(timer);
        lastStart = Date.now();
        const clients = [...ids.keys()];
        const secretUses = [...uses.values()];
        // One write at a time: a batch waits for the one before it.
        previous = previous
          .then(() => write(clients, new Date(), secretUses, ids))
          .then(
            () => undefined,
            (error: unknown) => {
              for (const id of clients) lastWrite.delete(id);
              logEvent("error", "token usage not recorded", { ...errorFields(error), clients: clients.length, secretUses: secretUses.length });
            },
          )
          .then(resolve);
      };
    });
    if (taken) void done.then(taken.written);
    const timer = setTimeout(() => start(), Math.max(0, lastStart + flushMs - Date.now()));
    timer.unref?.();
    return { ids, uses, done, start };
  }

  return {
    record(clientInternalId, now = new Date(), origin = NO_ORIGIN) {
      const previousWrite = lastWrite.get(clientInternalId);
      if (previousWrite !== undefined && now.getTime() - previousWrite < TOKEN_USAGE_INTERVAL_MS) return null;
      lastWrite.delete(clientInternalId);
      lastWrite.set(clientInternalId, now.getTime());
      if (lastWrite.size > MAX_TRACKED) lastWrite.delete(lastWrite.keys().next().value as string);
      waiting ??= open();
      waiting.ids.set(clientInternalId, origin);
      return waiting.done;
    },
    recordSecret(secretId, now = new Date()) {
      // The minute is measured on the system clock: `now` (the instant recorded) follows lib/clock,
      // which a test may move ahead and back.
      const at = Date.now();
      const previousWrite = lastSecretWrite.get(secretId);
      if (!waiting && previousWrite !== undefined && at - previousWrite < TOKEN_USAGE_INTERVAL_MS) {
        if (!carried) {
          let written = () => {};
          const done = new Promise<void>((resolve) => (written = resolve));
          const timer = setTimeout(() => (waiting ??= open()).start(), TOKEN_USAGE_INTERVAL_MS);
          timer.unref?.();
          carried = { uses: new Map(), done, written, timer };
        }
        addSecretUse(carried.uses, secretId, now);
        return carried.done;
      }
      lastSecretWrite.delete(secretId);
      lastSecretWrite.set(secretId, at);
      if (lastSecretWrite.size > MAX_TRACKED) lastSecretWrite.delete(lastSecretWrite.keys().next().value as string);
      waiting ??= open();
      addSecretUse(waiting.uses, secretId, now);
      return waiting.done;
    },
    flush() {
      if (carried && !waiting) waiting = open();
      waiting?.start();
      return previous;
    },
  };
}

/**
 * Sets lastTokenAt to `at` and writes a `token.issued` audit event (actor: the client) for each of
 * the clients not written in the minute before `at`, in one transaction. The where clause makes the
 * minute hold across processes too: an instance that wrote less than a minute ago wins, and nothing
 * is written twice. The secret uses of the batch are written in the same transaction. Each event names
 * the request that opened the client's minute (`origins`), as every audit event names its request.
 */
export async function recordTokensIssued(
  ids: readonly string[],
  at: Date,
  secretUses: readonly SecretUse[] = [],
  origins: ReadonlyMap<string, RequestOrigin> = new Map(),
) {
  if (ids.length === 0 && secretUses.length === 0) return;
  await prisma.$transaction(async (tx) => {
    await writeSecretUses(tx, secretUses, at);
    for (let i = 0; i < ids.length; i += MAX_IN_LIST) {
      const written = await tx.client.updateManyAndReturn({
        where: {
          id: { in: ids.slice(i, i + MAX_IN_LIST) },
          OR: [{ lastTokenAt: null }, { lastTokenAt: { lt: new Date(at.getTime() - TOKEN_USAGE_INTERVAL_MS) } }],
        },
        data: { lastTokenAt: at },
        select: { id: true, clientId: true },
      });
      await recordAudits(
        tx,
        written.map(({ id, clientId }) => ({
          actor: actorOf({ id, clientId }, origins.get(id) ?? NO_ORIGIN),
          event: { action: "token.issued", target: { type: "client", id, label: clientId }, changes: { note: "at most one event a minute per client" } },
        })),
      );
    }
  });
}

/** The process-wide recorder the token endpoint uses. */
export const tokenUsage = createTokenUsageRecorder();
