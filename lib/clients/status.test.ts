import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { CLIENT_STATUSES, clientStatus, clientStatusWhere, isClientActive } from "./status";

describe("the client status rule", () => {
  const now = new Date("2026-06-01T00:00:00Z");

  it("clientStatus: disabled wins over expired; expiring exactly now is expired", () => {
    expect(clientStatus({ enabled: false, expiresAt: null }, now)).toBe("disabled");
    expect(clientStatus({ enabled: false, expiresAt: new Date("2026-05-31T00:00:00Z") }, now)).toBe("disabled");
    expect(clientStatus({ enabled: true, expiresAt: new Date("2026-05-31T00:00:00Z") }, now)).toBe("expired");
    expect(clientStatus({ enabled: true, expiresAt: now }, now)).toBe("expired");
    expect(clientStatus({ enabled: true, expiresAt: new Date("2026-06-02T00:00:00Z") }, now)).toBe("active");
    expect(clientStatus({ enabled: true, expiresAt: null }, now)).toBe("active");
    expect(isClientActive({ enabled: true, expiresAt: null }, now)).toBe(true);
    expect(isClientActive({ enabled: true, expiresAt: now }, now)).toBe(false);
  });

  it("clientStatusWhere selects in the database exactly the clients clientStatus names", async () => {
    const profile = await prisma.profile.create({ data: { identifier: "StatusRule", displayName: "StatusRule" } });
    const cases = [
      { enabled: true, expiresAt: null },
      { enabled: true, expiresAt: new Date(now.getTime() + 1000) },
      { enabled: true, expiresAt: now },
      { enabled: true, expiresAt: new Date(now.getTime() - 1000) },
      { enabled: false, expiresAt: null },
      { enabled: false, expiresAt: new Date(now.getTime() - 1000) },
    ];
    for (const [i, c] of cases.entries()) {
      await prisma.client.create({ data: clientRow(`status-${i}`, profile.id, c) });
    }
    const all = await prisma.client.findMany({ where: { profileId: profile.id }, select: { clientId: true, enabled: true, expiresAt: true } });
    for (const status of CLIENT_STATUSES) {
      const inDb = await prisma.client.findMany({ where: { AND: [{ profileId: profile.id }, clientStatusWhere(status, now)] }, select: { clientId: true } });
      expect(inDb.map((c) => c.clientId).sort(), status).toEqual(
        all
          .filter((c) => clientStatus(c, now) === status)
          .map((c) => c.clientId)
          .sort(),
      );
    }
  });
});
