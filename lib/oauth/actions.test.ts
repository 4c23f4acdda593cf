import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { issueAccessToken, verifyAccessToken } from "./access-token";
import { rotateSigningKeysAction } from "./actions";
import { jwks } from "./keys";
import { signingKeyRows } from "./key-view";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

let admin: CurrentAdmin;
const subject = { clientId: "svc", alg: "ES256" as const, scopes: [], profile: "Administrator", profileContextId: null };

beforeAll(async () => {
  admin = await createTestAdmin();
});

describe("rotateSigningKeysAction", () => {
  it("needs a signed-in admin", async () => {
    await signInAs(null);
    expect(await rotateSigningKeysAction({})).toMatchObject({ ok: false });
  });

  it("retires the current keys, signs with new ones at once (cache cleared), keeps old tokens valid, and is audited", async () => {
    await signInAs(admin);
    const before = await issueAccessToken(subject); // creates and caches the first ES256 key
    const oldKid = decodeProtectedHeader(before.token).kid!;

    const result = await rotateSigningKeysAction({});
    if (!result.ok) throw new Error(result.message);
    expect(result.data.retired).toContain(oldKid);
    expect(result.data.created).toHaveLength(2);

    const after = await issueAccessToken(subject);
    expect(result.data.created).toContain(decodeProtectedHeader(after.token).kid);
    expect(await verifyAccessToken(before.token)).not.toBeNull();
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, ...result.data.created]));

    const rows = await signingKeyRows();
    const old = rows.find((r) => r.kid === oldKid)!;
    expect(old.status).toBe("retired");
    expect(old.publishedUntil!.getTime() - old.retiredAt!.getTime()).toBe(3600_000);
    expect(
      rows
        .filter((r) => r.status === "active")
        .map((r) => r.alg)
        .sort(),
    ).toEqual(["ES256", "RS256"]);

    const events = await prisma.auditEvent.findMany({ where: { action: "signingKeys.rotated" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, targetType: "signingKeys", changes: { retired: result.data.retired, created: result.data.created } });
    expect(JSON.stringify(events)).not.toMatch(/PRIVATE|"d":/);
  });
});
