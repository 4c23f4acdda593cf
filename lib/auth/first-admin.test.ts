import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { ensureFirstAdmin } from "./first-admin";
import { verifyPassword } from "./password";

// Against the test file's own migrated SQLite database (lib/testing/setup-db.ts).
const db = createPrismaClient();

describe("ensureFirstAdmin", () => {
  it("creates the first admin with a generated password, only once", async () => {
    const first = await ensureFirstAdmin(db, {});
    expect(first.created).toBe(true);
    if (!first.created) return;
    expect(first.email).toBe("admin@localhost");
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const stored = await db.adminUser.findUniqueOrThrow({ where: { email: "admin@localhost" }, select: { passwordHash: true } });
    expect(stored.passwordHash).not.toContain(first.generatedPassword);
    expect(await verifyPassword(stored.passwordHash!, first.generatedPassword!)).toBe(true);

    expect(await ensureFirstAdmin(db, { email: "other@example.com", password: "another-password" })).toEqual({ created: false });
    expect(await db.adminUser.count()).toBe(1);
  });

  it("uses ADMIN_EMAIL and ADMIN_PASSWORD when given", async () => {
    await db.adminUser.deleteMany();
    const result = await ensureFirstAdmin(db, { email: " Ops@Example.COM ", password: "a-chosen-password", name: "Ops" });
    expect(result).toEqual({ created: true, email: "ops@example.com" });
    const stored = await db.adminUser.findUniqueOrThrow({ where: { email: "ops@example.com" }, select: { name: true, passwordHash: true } });
    expect(stored.name).toBe("Ops");
    expect(await verifyPassword(stored.passwordHash!, "a-chosen-password")).toBe(true);
  });

  it("never returns or selects the password hash by default", async () => {
    const admin = await db.adminUser.findFirstOrThrow();
    expect(admin).not.toHaveProperty("passwordHash");
  });
});
