import "server-only";
import { randomUUID } from "node:crypto";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

// The durable outbox (docs/decisions/022-outbox-and-mail.md): a notification is a row written in the
// SAME transaction as the change that causes it — rolled back with it, committed with it — and
// delivered afterwards by the worker (./worker.ts), at least once. What each kind of message does is
// in ./kinds.ts (kind → deliver function).

/** What a service passes: its transaction, and (from a ServiceContext) a hook to run after the commit. */
export type EnqueueContext = { tx: Tx; afterCommit?: (work: () => void) => void };

export type OutboxInput = {
  /** A key of OUTBOX_KINDS (./kinds.ts). */
  kind: string;
  /** The kind's JSON: stored as it is, so never a secret (put those in `sealed`). */
  payload: Record<string, Prisma.InputJsonValue | null>;
  /**
   * Values the delivery needs but that must not be stored in clear (an invitation link): sealed
   * with the portal's key (AES-256-GCM, bound to this row and field) and removed from the row once
   * the message is delivered or given up.
   */
  sealed?: Record<string, string>;
  /** At most one message per key: a second enqueue with the same key does nothing. */
  dedupeKey?: string;
};

const WAKE = Symbol.for("portal.outbox.wake");
type WakeRegistry = { [WAKE]?: Set<() => void> };

/**
 * The workers of this process (./worker.ts), woken when a message is committed. On globalThis: the
 * worker runs in the protocol server's bundle, the services in Next.js's, both in one process.
 */
export function outboxWakers(): Set<() => void> {
  const registry = globalThis as WakeRegistry;
  return (registry[WAKE] ??= new Set());
}

/** Wakes this process's workers (other instances find the message at their next poll). */
export function wakeOutbox(): void {
  for (const wake of outboxWakers()) wake();
}

const aadOf = (id: string, field: string) => `outbox:${id}:${field}`;

/** Seals `values` for the row `id`. */
function seal(id: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, encrypt(value, aadOf(id, field))]));
}

/** Opens a row's sealed values (throws DecryptionError when they cannot be opened: another key). */
export function openSealed(id: string, payload: unknown): Record<string, string> {
  const sealed = (payload as { sealed?: unknown } | null)?.sealed;
  if (!sealed || typeof sealed !== "object") return {};
  return Object.fromEntries(Object.entries(sealed as Record<string, string>).map(([field, envelope]) => [field, decryptString(envelope, aadOf(id, field))]));
}

/** The payload without its sealed values: what a delivered or given-up row keeps. */
export function withoutSealed(payload: unknown): Prisma.InputJsonValue {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return {};
  const { sealed: _sealed, ...rest } = payload as Record<string, Prisma.InputJsonValue>;
  return rest;
}

/**
 * Writes a message in the caller's transaction. Returns false when a message with the same dedupe
 * key exists already. With a ServiceContext's afterCommit, this process's worker starts on it as
 * soon as the transaction commits.
 */
export async function enqueue(ctx: EnqueueContext, message: OutboxInput, now = new Date()): Promise<boolean> {
  const { tx } = ctx;
  if (message.dedupeKey && (await tx.outboxMessage.findUnique({ where: { dedupeKey: message.dedupeKey }, select: { id: true } }))) return false;
  const id = randomUUID();
  const payload = message.sealed ? { ...message.payload, sealed: seal(id, message.sealed) } : message.payload;
  await tx.outboxMessage.create({ data: { id, kind: message.kind, payload, dedupeKey: message.dedupeKey ?? null, createdAt: now, nextAttemptAt: now } });
  ctx.afterCommit?.(wakeOutbox);
  return true;
}
