import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { databaseContents, prisma } from "@/lib/testing/db";
import { startSmtpReceiver } from "@/lib/testing/smtp-receiver.mjs";
import type { Deliver } from "./delivery";
import { sendMail } from "./email";
import { enqueue, outboxWakers } from "./outbox";
import { retryDelayMs } from "./settings";
import { createOutboxWorker, type OutboxWorkerOptions } from "./worker";

// The outbox against a real SMTP server (smtp-server on a loopback port) and the test's own
// database (SQLite, or PostgreSQL with PORTAL_TEST_DATABASE=postgresql).

type Receiver = Awaited<ReturnType<typeof startSmtpReceiver>>;
let smtp: Receiver;
const SMTP_PASSWORD = "smtp-pass-word-that-must-not-leak";

/** A test kind: mails its payload's subject, with a sealed value in the body (as a link would be). */
const testMail: Deliver = async ({ payload, sealed }) => {
  await sendMail({ to: "someone@example.test", subject: String(payload.subject), text: `secret part: ${sealed.value ?? "none"}` });
};
const KINDS = { "test.mail": testMail };

let seq = 0;
const subjectOf = () => `message ${++seq} ${Math.random().toString(36).slice(2)}`;

function worker(options: OutboxWorkerOptions = {}) {
  return createOutboxWorker({ kinds: KINDS, settings: { retryBaseMs: 1000, retryMaxMs: 8000, maxAttempts: 5, leaseMs: 60_000, pollMs: 50 }, ...options });
}

/** Enqueues a test mail in its own committed transaction (its subject doubles as its dedupe key). */
async function enqueueCommitted(subject = subjectOf(), sealed?: string) {
  await prisma.$transaction((tx) =>
    enqueue({ tx }, { kind: "test.mail", payload: { subject }, dedupeKey: subject, ...(sealed ? { sealed: { value: sealed } } : {}) }),
  );
  return prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: subject } });
}

const received = (subject: string) => smtp.mails.filter((mail) => mail.subject === subject);

beforeAll(async () => {
  smtp = await startSmtpReceiver({ auth: { user: "portal", pass: SMTP_PASSWORD } });
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = "Portal <portal@example.test>";
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.refuse = null;
});

describe("enqueue", () => {
  it("writes nothing when the change's transaction rolls back, so nothing is sent", async () => {
    const subject = subjectOf();
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueue({ tx }, { kind: "test.mail", payload: { subject } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.outboxMessage.count({ where: { kind: "test.mail" } })).toBe(0);
    await worker().runOnce();
    expect(received(subject)).toHaveLength(0);
  });

  it("commits with the change; the worker delivers it once and drops the sealed part", async () => {
    const sealed = `sealed-${Math.random().toString(36).slice(2)}-value`;
    const row = await enqueueCommitted(undefined, sealed);
    const subject = (row.payload as { subject: string }).subject;
    // Sealed at rest: the database never holds the value in clear.
    expect(JSON.stringify(row.payload)).not.toContain(sealed);
    expect((await databaseContents()).includes(Buffer.from(sealed))).toBe(false);

    expect(await worker().runOnce()).toBe(1);
    expect(received(subject)).toHaveLength(1);
    expect(received(subject)[0]!.text).toContain(sealed);
    const done = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(done).toMatchObject({ attempts: 1, nextAttemptAt: null, leaseUntil: null, lastError: null, failedAt: null });
    expect(done.deliveredAt).not.toBeNull();
    expect(done.payload).toEqual({ subject });
    // Delivered once: a second pass finds nothing.
    expect(await worker().runOnce()).toBe(0);
    expect(received(subject)).toHaveLength(1);
  });

  it("keeps one message per dedupe key", async () => {
    const key = `key-${Math.random()}`;
    const first = await prisma.$transaction((tx) => enqueue({ tx }, { kind: "test.mail", payload: { subject: "a" }, dedupeKey: key }));
    const second = await prisma.$transaction((tx) => enqueue({ tx }, { kind: "test.mail", payload: { subject: "b" }, dedupeKey: key }));
    expect([first, second]).toEqual([true, false]);
    expect(await prisma.outboxMessage.count({ where: { dedupeKey: key } })).toBe(1);
    await worker().runOnce();
  });

  it("wakes this process's running worker after the commit (no wait for the poll)", async () => {
    const running = worker({ settings: { pollMs: 60_000 } });
    running.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100)); // its first pass, on an empty outbox
      const subject = subjectOf();
      const after: (() => void)[] = [];
      await prisma.$transaction((tx) => enqueue({ tx, afterCommit: (work) => after.push(work) }, { kind: "test.mail", payload: { subject } }));
      expect(outboxWakers().size).toBe(1);
      for (const work of after) work();
      await smtp.waitFor((mail) => mail.subject === subject, 5000);
    } finally {
      await running.stop();
    }
    expect(outboxWakers().size).toBe(0);
  });
});

describe("the worker", () => {
  it("retries after SMTP failures with exponential back-off, then delivers exactly once", async () => {
    const sealed = `link-${Math.random().toString(36).slice(2)}`;
    const row = await enqueueCommitted(undefined, sealed);
    const subject = (row.payload as { subject: string }).subject;
    let now = new Date(Date.now() + 1000);
    const w = worker({ now: () => now });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write");
    try {
      smtp.refuse = (mail) => (mail.subject === subject ? "4.3.0 mailbox busy, try later" : null);
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await w.runOnce()).toBe(1);
        const failed = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
        expect(failed.attempts).toBe(attempt);
        expect(failed.lastError).toMatch(/451.*mailbox busy/);
        expect(failed.deliveredAt).toBeNull();
        // base 1 s, doubling: 1, 2, 4 s after the attempt
        expect(failed.nextAttemptAt!.getTime() - now.getTime()).toBe(retryDelayMs(attempt, { retryBaseMs: 1000, retryMaxMs: 8000 }));
        expect(failed.nextAttemptAt!.getTime() - now.getTime()).toBe(1000 * 2 ** (attempt - 1));
        // Not due yet: a pass a moment later leaves it alone.
        expect(await w.runOnce()).toBe(0);
        now = new Date(failed.nextAttemptAt!.getTime());
      }
      smtp.refuse = null;
      expect(await w.runOnce()).toBe(1);
      expect(received(subject)).toHaveLength(1);
      const done = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(done).toMatchObject({ attempts: 4, lastError: null, nextAttemptAt: null });
      const logged = [...stderr.mock.calls, ...stdout.mock.calls].map((call) => String(call[0])).join("");
      expect(logged).toContain("outbox delivery failed, will retry");
      // Neither the sealed value nor the SMTP password reaches the log or the row.
      for (const secret of [sealed, SMTP_PASSWORD]) {
        expect(logged).not.toContain(secret);
        expect((await databaseContents()).includes(Buffer.from(secret))).toBe(false);
      }
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });

  it("gives up after OUTBOX_MAX_ATTEMPTS, keeps the row and drops its sealed part", async () => {
    const sealed = `gone-${Math.random().toString(36).slice(2)}`;
    const row = await enqueueCommitted(undefined, sealed);
    const subject = (row.payload as { subject: string }).subject;
    smtp.refuse = (mail) => (mail.subject === subject ? "no" : null);
    let now = new Date(Date.now() + 1000);
    const w = worker({ now: () => now, settings: { maxAttempts: 2, retryBaseMs: 10, retryMaxMs: 10, leaseMs: 1000 } });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await w.runOnce();
      now = new Date(now.getTime() + 20);
      await w.runOnce();
    } finally {
      stderr.mockRestore();
    }
    const failed = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed).toMatchObject({ attempts: 2, nextAttemptAt: null, deliveredAt: null });
    expect(failed.failedAt).not.toBeNull();
    expect(JSON.stringify(failed.payload)).not.toContain("sealed");
  });

  it("loses nothing over a restart: a worker that died mid-delivery leaves the row to the next one", async () => {
    const row = await enqueueCommitted();
    const subject = (row.payload as { subject: string }).subject;
    // The first worker claims the row and dies before settling it (its deliver never returns).
    const dying = worker({ kinds: { "test.mail": () => new Promise(() => {}) }, settings: { leaseMs: 1000 } });
    void dying.runOnce();
    await vi.waitFor(async () => expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).leaseUntil).not.toBeNull());
    // A new process: nothing is taken while the lease holds, then the row is delivered.
    const now = Date.now();
    expect(await worker({ now: () => new Date(now + 500) }).runOnce()).toBe(0);
    expect(await worker({ now: () => new Date(now + 5000) }).runOnce()).toBe(1);
    expect(received(subject)).toHaveLength(1);
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).deliveredAt).not.toBeNull();
  });

  it("logs a failing database once per spell, not at every poll, and says when it works again", async () => {
    let down = true;
    const findMany = prisma.outboxMessage.findMany.bind(prisma.outboxMessage);
    const db = {
      outboxMessage: {
        findMany: (args: Parameters<typeof findMany>[0]) => (down ? Promise.reject(new Error("database away")) : findMany(args)),
      },
    } as unknown as NonNullable<OutboxWorkerOptions["db"]>;
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const polling = worker({ db, settings: { pollMs: 100 } });
    polling.start();
    let errors: string[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 700)); // several polls while it is down
      down = false;
      await vi.waitFor(() => expect(stdout.mock.calls.map((c) => String(c[0])).join("")).toContain("outbox worker running again"));
      errors = stderr.mock.calls.map((c) => String(c[0])).filter((line) => line.includes("outbox pass failed"));
    } finally {
      await polling.stop();
      stderr.mockRestore();
      stdout.mockRestore();
    }
    expect(errors).toHaveLength(1);
  });

  it("two workers on one database (each with its own connections) deliver each row once", async () => {
    const subjects: string[] = [];
    for (let i = 0; i < 12; i++) subjects.push((await enqueueCommitted().then((row) => row.payload as { subject: string })).subject);
    const other = createPrismaClient();
    try {
      const counts = await Promise.all([worker({ name: "a" }).runOnce(), worker({ name: "b", db: other }).runOnce()]);
      expect(counts[0] + counts[1]).toBe(12);
    } finally {
      await other.$disconnect();
    }
    for (const subject of subjects) expect(received(subject)).toHaveLength(1);
    // Each row was claimed once: one attempt each.
    const rows = await prisma.outboxMessage.findMany({ where: { dedupeKey: { in: subjects } }, select: { attempts: true, deliveredAt: true } });
    expect(rows.map((r) => [r.attempts, r.deliveredAt !== null])).toEqual(subjects.map(() => [1, true]));
  });
});
