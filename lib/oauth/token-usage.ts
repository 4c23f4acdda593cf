import "server-only";
import { actorOf, recordAudits } from "@/lib/audit/audit";
import { NO_ORIGIN, type RequestOrigin } from "@/lib/audit/origin";
import { TOKEN_AUDIT_INTERVAL_MS } from "@/lib/audit/token-summary";
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
// The audit log gets a summary, not an event per token: one `token.issued` event per client and
// TOKEN_AUDIT_INTERVAL_MS (per instance), counting the tokens issued per secret (its id and hint,
// never its value or hash) between `start` and `end`. A client's first token after a quiet interval
// is written at once (the walkthrough's "see the token call in the audit log"); the tokens that follow
// are counted in memory and written together when the interval is up, in whatever batch is then
// written (a timer opens one if none is). The counting is a Map update on the response path; the
// writes ride the same batches, so the number of commits does not grow.

/** How often a client's lastTokenAt is written at most. */
export const TOKEN_USAGE_INTERVAL_MS = 60_000;

/**
 * At most one usage write per this interval, for all clients together. The first issuance after a
 * quiet spell is written at once (the walkthrough's "you got a token" shows on the next page load).
 */
export const TOKEN_USAGE_FLUSH_MS = 5_000;

/** Keeps at most this many clients in memory; beyond it the oldest entries are dropped. */
const MAX_TRACKED = 10_000;

/**
 * The tokens a client was issued from `start` to `end` (instants of the first and the last), per
 * secret that authenticated it; `origin`: the request of the first.
 */
export type TokenSummary = { clientInternalId: string; start: Date; end: Date; origin: RequestOrigin; perSecret: Map<string, number> };

export type TokenUsageRecorder = {
  /**
   * Notes a successful token issuance, counted for the client's audit summary under `secretId`;
   * returns the write that will carry it (it never rejects), or null when it waits in memory (the
   * client's lastTokenAt was written less than a minute ago and its summary interval is not up).
   * `origin`: the request, which the summary names when it is the interval's first.
   */
  record(clientInternalId: string, now?: Date, origin?: RequestOrigin, secretId?: string): Promise<void> | null;
  /**
   * Notes that a secret authenticated a caller (every use counts); returns the write that will carry
   * it (it never rejects).
   */
  recordSecret(secretId: string, now?: Date): Promise<void>;
  /** Writes what is waiting now (at shutdown). */
  flush(): Promise<void>;
};

export type TokenUsageWrite = (clientInternalIds: string[], at: Date, secretUses: SecretUse[], summaries: TokenSummary[]) => Promise<unknown>;

export function createTokenUsageRecorder(
  write: TokenUsageWrite = recordTokensIssued,
  flushMs = TOKEN_USAGE_FLUSH_MS,
  auditIntervalMs = TOKEN_AUDIT_INTERVAL_MS,
): TokenUsageRecorder {
  const lastWrite = new Map<string, number>();
  /** Each client's tokens not yet handed to a batch (its summary being counted). */
  const counting = new Map<string, TokenSummary>();
  /** When each client's last summary was handed to a batch (system clock). */
  const lastSummary = new Map<string, number>();
  /** The timer that hands the summaries whose interval is up to a batch, and when it fires. */
  let sweepTimer: ReturnType<typeof setTimeout> | null = null;
  let sweepAt = Infinity;
  /** When each secret last opened a batch (its uses within the minute after ride along). */
  const lastSecretWrite = new Map<string, number>();
  /** The batch being collected: its clients and secret uses, the promise of its write, and how to start it now. */
  let waiting: { ids: Set<string>; uses: Map<string, SecretUse>; summaries: TokenSummary[]; done: Promise<void>; start: () => void } | null = null;
  /** Uses of secrets written less than a minute ago, kept for the next batch, which opens within a minute. */
  let carried: { uses: Map<string, SecretUse>; done: Promise<void>; written: () => void; timer: ReturnType<typeof setTimeout> } | null = null;
  let lastStart = -Infinity;
  let previous: Promise<void> = Promise.resolve();

  function open() {
    const ids = new Set<string>();
    const uses = new Map<string, SecretUse>();
    const summaries: TokenSummary[] = [];
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
        const clients = [...ids];
        const secretUses = [...uses.values()];
        // One write at a time: a batch waits for the one before it.
        previous = previous
          .then(() => write(clients, new Date(), secretUses, summaries))
          .then(
            () => undefined,
            (error: unknown) => {
              for (const id of clients) lastWrite.delete(id);
              logEvent("error", "token usage not recorded", {
                ...errorFields(error),
                clients: clients.length,
                secretUses: secretUses.length,
                summaries: summaries.length,
              });
            },
          )
          .then(resolve);
      };
    });
    if (taken) void done.then(taken.written);
    const timer = setTimeout(() => start(), Math.max(0, lastStart + flushMs - Date.now()));
    timer.unref?.();
    return { ids, uses, summaries, done, start };
  }

  /** Hands `clientInternalId`'s counted tokens to the batch being collected (opening one). */
  function summarise(clientInternalId: string, at: number) {
    const summary = counting.get(clientInternalId);
    if (!summary) return;
    counting.delete(clientInternalId);
    lastSummary.delete(clientInternalId);
    lastSummary.set(clientInternalId, at);
    if (lastSummary.size > MAX_TRACKED) lastSummary.delete(lastSummary.keys().next().value as string);
    waiting ??= open();
    waiting.summaries.push(summary);
  }

  /** Hands every summary whose interval is up (all of them with `all`), then waits for the next. */
  function sweep(all = false) {
    if (sweepTimer) clearTimeout(sweepTimer);
    sweepTimer = null;
    sweepAt = Infinity;
    const at = Date.now();
    let next = Infinity;
    for (const id of [...counting.keys()]) {
      const due = (lastSummary.get(id) ?? -Infinity) + auditIntervalMs;
      if (all || due <= at) summarise(id, at);
      else next = Math.min(next, due);
    }
    if (next !== Infinity) sweepBy(next, at);
  }

  /** Makes sure a sweep runs by `due` (system clock ms). */
  function sweepBy(due: number, at: number) {
    if (sweepTimer && sweepAt <= due) return;
    if (sweepTimer) clearTimeout(sweepTimer);
    sweepAt = due;
    sweepTimer = setTimeout(() => sweep(), due - at);
    sweepTimer.unref?.();
  }

  /** Counts one token for its client's summary; true when the summary went to a batch now. */
  function count(clientInternalId: string, now: Date, origin: RequestOrigin, secretId: string): boolean {
    let summary = counting.get(clientInternalId);
    if (!summary) {
      summary = { clientInternalId, start: now, end: now, origin, perSecret: new Map() };
      counting.set(clientInternalId, summary);
      // Bounded memory: far too many clients at once go to the log now rather than grow the map.
      if (counting.size > MAX_TRACKED) sweep(true);
    }
    if (now.getTime() > summary.end.getTime()) summary.end = now;
    if (now.getTime() < summary.start.getTime()) summary.start = now;
    summary.perSecret.set(secretId, (summary.perSecret.get(secretId) ?? 0) + 1);
    // The interval is measured on the system clock (like a secret's minute, below).
    const at = Date.now();
    const last = lastSummary.get(clientInternalId);
    if (last === undefined || at - last >= auditIntervalMs) {
      summarise(clientInternalId, at);
      return true;
    }
    sweepBy(last + auditIntervalMs, at);
    return false;
  }

  return {
    record(clientInternalId, now = new Date(), origin = NO_ORIGIN, secretId = "") {
      const summarised = count(clientInternalId, now, origin, secretId);
      const previousWrite = lastWrite.get(clientInternalId);
      if (previousWrite !== undefined && now.getTime() - previousWrite < TOKEN_USAGE_INTERVAL_MS) return summarised ? waiting!.done : null;
      lastWrite.delete(clientInternalId);
      lastWrite.set(clientInternalId, now.getTime());
      if (lastWrite.size > MAX_TRACKED) lastWrite.delete(lastWrite.keys().next().value as string);
      waiting ??= open();
      waiting.ids.add(clientInternalId);
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
      sweep(true);
      if (carried && !waiting) waiting = open();
      waiting?.start();
      return previous;
    },
  };
}

/**
 * Sets lastTokenAt to `at` for each of the clients not written in the minute before `at`, writes
 * the batch's secret uses and one `token.issued` audit event (actor: the client) per summary, in one
 * transaction. The where clause makes lastTokenAt's minute hold across processes too: an instance
 * that wrote less than a minute ago wins. Summaries are each instance's own count, all written; one
 * of a client or a secret deleted meanwhile names what it can (a deleted secret: its id, no hint; a
 * deleted client: none is written). Each event names the request that opened its interval.
 */
export async function recordTokensIssued(ids: readonly string[], at: Date, secretUses: readonly SecretUse[] = [], summaries: readonly TokenSummary[] = []) {
  if (ids.length === 0 && secretUses.length === 0 && summaries.length === 0) return;
  await prisma.$transaction(async (tx) => {
    await writeSecretUses(tx, secretUses, at);
    for (let i = 0; i < ids.length; i += MAX_IN_LIST) {
      await tx.client.updateMany({
        where: {
          id: { in: ids.slice(i, i + MAX_IN_LIST) },
          OR: [{ lastTokenAt: null }, { lastTokenAt: { lt: new Date(at.getTime() - TOKEN_USAGE_INTERVAL_MS) } }],
        },
        data: { lastTokenAt: at },
      });
    }
    for (let i = 0; i < summaries.length; i += MAX_IN_LIST) {
      const chunk = summaries.slice(i, i + MAX_IN_LIST);
      const secretIds = [...new Set(chunk.flatMap((s) => [...s.perSecret.keys()]))].filter(Boolean);
      const [clients, secrets] = await Promise.all([
        tx.client.findMany({ where: { id: { in: chunk.map((s) => s.clientInternalId) } }, select: { id: true, clientId: true } }),
        secretIds.length ? tx.secret.findMany({ where: { id: { in: secretIds } }, select: { id: true, hint: true } }) : [],
      ]);
      const clientIdOf = new Map(clients.map((c) => [c.id, c.clientId]));
      const hintOf = new Map(secrets.map((x) => [x.id, x.hint]));
      await recordAudits(
        tx,
        chunk.flatMap((summary) => {
          const clientId = clientIdOf.get(summary.clientInternalId);
          if (clientId === undefined) return [];
          const id = summary.clientInternalId;
          return [
            {
              actor: actorOf({ id, clientId }, summary.origin),
              event: { action: "token.issued", target: { type: "client", id, label: clientId }, changes: tokenSummaryChanges(summary, hintOf) },
            },
          ];
        }),
      );
    }
  });
}

/** A summary as the audit event's changes: the count, the interval, and the count per secret (id and hint). */
export function tokenSummaryChanges(summary: TokenSummary, hintOf: ReadonlyMap<string, string>) {
  let tokens = 0;
  const secrets: { id: string; hint: string | null; tokens: number }[] = [];
  for (const [id, count] of summary.perSecret) {
    tokens += count;
    if (id) secrets.push({ id, hint: hintOf.get(id) ?? null, tokens: count });
  }
  return { tokens, start: summary.start.toISOString(), end: summary.end.toISOString(), secrets };
}

/** The process-wide recorder the token endpoint uses. */
export const tokenUsage = createTokenUsageRecorder();
