import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { ensureDefaultProfiles } from "./defaults";

// Against the test file's own migrated SQLite database (lib/testing/setup-db.ts).
const db = createPrismaClient();

describe("ensureDefaultProfiles", () => {
  it("creates the Administrator profile when there is no profile, only once", async () => {
    expect(await ensureDefaultProfiles(db)).toEqual({ created: true });
    const profiles = await db.profile.findMany({ select: { identifier: true, displayName: true, description: true } });
    expect(profiles).toEqual([{ identifier: "Administrator", displayName: "Administrator", description: "May do everything" }]);

    expect(await ensureDefaultProfiles(db)).toEqual({ created: false });
    expect(await db.profile.count()).toBe(1);
  });

  it("leaves the profiles alone once any profile exists, even without Administrator", async () => {
    await db.profile.deleteMany();
    await db.profile.create({ data: { identifier: "RoleOfficerByCategory", displayName: "Role officer" } });
    expect(await ensureDefaultProfiles(db)).toEqual({ created: false });
    expect(await db.profile.findMany({ select: { identifier: true } })).toEqual([{ identifier: "RoleOfficerByCategory" }]);
  });
});
