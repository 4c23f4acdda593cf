import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { createTestAdmin, prisma } from "@/lib/testing/db";
import { currentAdmin } from "./session";
import { DECODED_SESSIONS_MAX, readSessionCookie, SESSION_COOKIE_NAMES } from "./session-cookie";

vi.mock("next/headers", () => ({ cookies: vi.fn(), headers: vi.fn() }));

const SECRET = "session-test-secret-session-test-secret-0123";
const [SECURE_NAME, PLAIN_NAME] = SESSION_COOKIE_NAMES;

/** A session cookie as Auth.js mints it (its own encode; the name is the salt). */
async function sessionCookie(claims: { sub: string; sid: string }, { name = PLAIN_NAME as string, secret = SECRET, maxAge = 3600 } = {}) {
  return { name, value: await encode({ token: { ...claims, email: "x@example.test" }, secret, salt: name, maxAge }) };
}

async function browserSends(cookies: { name: string; value: string }[]) {
  const { cookies: jar } = await import("next/headers");
  vi.mocked(jar).mockResolvedValue({ getAll: () => cookies } as unknown as Awaited<ReturnType<typeof jar>>);
}

beforeEach(() => vi.stubEnv("AUTH_SECRET", SECRET));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("readSessionCookie", () => {
  it("reads the admin and session from Auth.js's cookie, plain or __Secure-, whole or in chunks", async () => {
    const claims = { sub: "admin-1", sid: "session-1" };
    expect(await readSessionCookie([await sessionCookie(claims)])).toEqual({ adminId: "admin-1", sessionId: "session-1" });
    expect(await readSessionCookie([await sessionCookie(claims, { name: SECURE_NAME })])).toEqual({ adminId: "admin-1", sessionId: "session-1" });
    const { value } = await sessionCookie(claims);
    const chunks: string[] = [value.slice(0, 100), value.slice(100, 200), value.slice(200)];
    // Out of order on purpose: chunks are joined by their index.
    const cookies = [2, 0, 1].map((i) => ({ name: `${PLAIN_NAME}.${i}`, value: chunks[i] ?? "" }));
    expect(await readSessionCookie(cookies)).toEqual({ adminId: "admin-1", sessionId: "session-1" });
  });

  it("refuses a cookie sealed with another secret, under another name's salt, tampered with, expired or without a session id", async () => {
    const claims = { sub: "admin-1", sid: "session-1" };
    expect(await readSessionCookie([await sessionCookie(claims, { secret: "another-secret-another-secret-another-0123" })])).toBeNull();
    const secure = await sessionCookie(claims, { name: SECURE_NAME });
    expect(await readSessionCookie([{ name: PLAIN_NAME, value: secure.value }])).toBeNull();
    const plain = await sessionCookie(claims);
    expect(await readSessionCookie([{ name: PLAIN_NAME, value: `${plain.value.slice(0, -2)}AA` }])).toBeNull();
    expect(await readSessionCookie([await sessionCookie(claims, { maxAge: -60 })])).toBeNull();
    expect(await readSessionCookie([{ name: PLAIN_NAME, value: await encode({ token: { sub: "admin-1" }, secret: SECRET, salt: PLAIN_NAME }) }])).toBeNull();
    expect(await readSessionCookie([])).toBeNull();
  });
});

describe("readSessionCookie's memory of cookies that decrypted", () => {
  afterEach(() => vi.useRealTimers());

  it("answers a cookie it read before the same way, until the cookie's exp, then refuses it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cookie = await sessionCookie({ sub: "admin-1", sid: "session-1" }, { maxAge: 60 });
    expect(await readSessionCookie([cookie])).toEqual({ adminId: "admin-1", sessionId: "session-1" });
    vi.advanceTimersByTime(30_000);
    expect(await readSessionCookie([cookie])).toEqual({ adminId: "admin-1", sessionId: "session-1" });
    // Past exp and past Auth.js's 15 s clock tolerance: refused, though it was remembered.
    vi.advanceTimersByTime(46_000);
    expect(await readSessionCookie([cookie])).toBeNull();
  });

  it("never answers from memory for another secret or another cookie name", async () => {
    const cookie = await sessionCookie({ sub: "admin-1", sid: "session-1" });
    expect(await readSessionCookie([cookie])).not.toBeNull();
    expect(await readSessionCookie([cookie], "another-secret-another-secret-another-0123")).toBeNull();
    expect(await readSessionCookie([{ name: SECURE_NAME, value: cookie.value }])).toBeNull();
    expect(await readSessionCookie([{ name: PLAIN_NAME, value: `${cookie.value.slice(0, -2)}AA` }])).toBeNull();
  });

  it("stays bounded: past DECODED_SESSIONS_MAX cookies it starts over and still answers right", async () => {
    const first = await sessionCookie({ sub: "admin-0", sid: "session-0" });
    expect(await readSessionCookie([first])).toEqual({ adminId: "admin-0", sessionId: "session-0" });
    for (let i = 1; i <= DECODED_SESSIONS_MAX; i++) {
      expect(await readSessionCookie([await sessionCookie({ sub: `admin-${i}`, sid: `session-${i}` })])).toEqual({
        adminId: `admin-${i}`,
        sessionId: `session-${i}`,
      });
    }
    const memory = (globalThis as unknown as { decodedSessionCookies: Map<string, unknown> }).decodedSessionCookies;
    expect(memory.size).toBeLessThanOrEqual(DECODED_SESSIONS_MAX);
    expect(await readSessionCookie([first])).toEqual({ adminId: "admin-0", sessionId: "session-0" });
  });
});

describe("currentAdmin", () => {
  it("follows the session row at once: sign-out, disabling and a role change take effect on the next call", async () => {
    const admin = await createTestAdmin("session-live@example.test", { role: "Owner" });
    await browserSends([await sessionCookie({ sub: admin.id, sid: admin.sessionId })]);
    expect(await currentAdmin()).toMatchObject({ id: admin.id, sessionId: admin.sessionId, role: "Owner" });
    // A second call is answered from memory (the database did not change) and is the same.
    expect(await currentAdmin()).toMatchObject({ id: admin.id, role: "Owner" });

    await prisma.adminUser.update({ where: { id: admin.id }, data: { role: "Auditor" } });
    expect(await currentAdmin()).toMatchObject({ id: admin.id, role: "Auditor" });

    await prisma.adminUser.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    expect(await currentAdmin()).toBeNull();
    await prisma.adminUser.update({ where: { id: admin.id }, data: { disabledAt: null } });
    expect(await currentAdmin()).not.toBeNull();

    await prisma.adminSession.update({ where: { id: admin.sessionId }, data: { revokedAt: new Date() } });
    expect(await currentAdmin()).toBeNull();
  });

  it("refuses a session past its expiry even when its row was read a moment before", async () => {
    const admin = await createTestAdmin("session-expiry@example.test");
    const row = await prisma.adminSession.findUniqueOrThrow({ where: { id: admin.sessionId }, select: { expiresAt: true } });
    await browserSends([await sessionCookie({ sub: admin.id, sid: admin.sessionId }, { maxAge: 8 * 3600 })]);
    expect(await currentAdmin()).not.toBeNull();
    vi.spyOn(Date, "now").mockReturnValue(row.expiresAt.getTime() + 1);
    expect(await currentAdmin()).toBeNull();
  });

  it("refuses a cookie naming another admin's session, and no cookie at all", async () => {
    const mine = await createTestAdmin("session-mine@example.test");
    const theirs = await createTestAdmin("session-theirs@example.test");
    await browserSends([await sessionCookie({ sub: mine.id, sid: theirs.sessionId })]);
    expect(await currentAdmin()).toBeNull();
    await browserSends([]);
    expect(await currentAdmin()).toBeNull();
  });
});
