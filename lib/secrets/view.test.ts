import { describe, expect, it } from "vitest";
import type { StoredSecret } from "./view";
import { secretRows } from "./view";

const now = new Date("2026-12-06T12:00:00Z");
const base: StoredSecret = {
  id: "s1",
  hint: "abcd",
  description: "",
  createdAt: new Date("2026-11-01T00:00:00Z"),
  createdBy: "owner@example.test",
  expiresAt: null,
  revokedAt: null,
  revokedBy: null,
  rotatedAt: null,
  lastUsedAt: null,
};

describe("secretRows: use and rotation", () => {
  it("shows the last use as an instant and as '… ago', and the 30-day count (0 when none)", () => {
    const [used, unused] = secretRows(
      [
        { ...base, lastUsedAt: new Date("2026-12-06T09:00:00Z") },
        { ...base, id: "s2" },
      ],
      now,
      undefined,
      new Map([["s1", 12]]),
    );
    expect(used).toMatchObject({ lastUsedAt: "2026-12-06T09:00:00.000Z", lastUsedAgo: "3 hours ago", uses30Days: 12, retiring: false, safeToRevoke: false });
    expect(unused).toMatchObject({ lastUsedAt: null, lastUsedAgo: null, uses30Days: 0 });
  });

  it("marks a rotated secret retiring until its grace ends, and safe to revoke when unused since the rotation", () => {
    const rotatedAt = new Date("2026-12-05T12:00:00Z");
    const expiresAt = new Date("2026-12-12T12:00:00Z");
    const rows = secretRows(
      [
        { ...base, rotatedAt, expiresAt, lastUsedAt: new Date("2026-12-05T11:00:00Z") },
        { ...base, rotatedAt, expiresAt, lastUsedAt: new Date("2026-12-06T11:00:00Z") },
        { ...base, rotatedAt, expiresAt: new Date("2026-12-06T11:00:00Z") },
        { ...base, rotatedAt, expiresAt, revokedAt: now, revokedBy: "x" },
      ],
      now,
    );
    expect(rows.map((r) => [r.status, r.retiring, r.safeToRevoke])).toEqual([
      ["active", true, true],
      ["active", true, false],
      ["expired", false, false],
      ["revoked", false, false],
    ]);
  });
});
