import { revalidatePath } from "next/cache";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
// The real recordAudit, wrapped so one test can make it fail.
vi.mock("@/lib/audit/audit", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/audit/audit")>();
  return { ...actual, recordAudit: vi.fn(actual.recordAudit) };
});

const { recordAudit } = await import("@/lib/audit/audit");
const { createProfile, updateProfile, deleteProfile, createProfileContext, updateProfileContext, deleteProfileContext } = await import("./actions");

// Against the test file's own migrated SQLite database (lib/testing/setup-db.ts).

let admin: Awaited<ReturnType<typeof createTestAdmin>>;

beforeEach(async () => {
  await prisma.client.deleteMany();
  await prisma.profileContext.deleteMany();
  await prisma.profile.deleteMany();
  await prisma.auditEvent.deleteMany();
  vi.mocked(revalidatePath).mockClear();
  admin ??= await createTestAdmin();
  await signInAs(admin);
});

const administrator = { identifier: "Administrator", displayName: "Administrator", description: "May do everything" };

async function createClient(clientId: string, profileId: string, profileContextId: number | null = null) {
  return prisma.client.create({ data: clientRow(clientId, profileId, { profileContextId }) });
}

async function newProfile(input = administrator) {
  const result = await createProfile(input);
  if (!result.ok) throw new Error(result.message);
  return result.data.id;
}

describe("profiles", () => {
  it("creates a profile (trimmed) and records who did it", async () => {
    const result = await createProfile({ identifier: " RoleOfficerByCategory ", displayName: " Role officer ", description: "" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const profile = await prisma.profile.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(profile).toMatchObject({ identifier: "RoleOfficerByCategory", displayName: "Role officer", description: "" });

    const events = await prisma.auditEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "admin",
      actorId: admin.id,
      actorLabel: admin.email,
      action: "profile.created",
      targetType: "profile",
      targetId: profile.id,
      targetLabel: "RoleOfficerByCategory",
      // A creation's diff: every field set, from none (an empty description says nothing).
      changes: { identifier: { from: null, to: "RoleOfficerByCategory" }, displayName: { from: null, to: "Role officer" } },
    });
    expect(revalidatePath).toHaveBeenCalledWith("/profiles");
  });

  it("updates a profile, identifier included, and audits only what changed", async () => {
    const id = await newProfile();
    const result = await updateProfile({ id, identifier: "Admin", displayName: "Administrator", description: "Everything" });
    expect(result).toEqual({ ok: true, data: { id } });

    expect(await prisma.profile.findUniqueOrThrow({ where: { id } })).toMatchObject({ identifier: "Admin", description: "Everything" });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "profile.updated" } });
    expect(event).toMatchObject({ targetType: "profile", targetId: id, targetLabel: "Admin" });
    expect(event.changes).toEqual({
      identifier: { from: "Administrator", to: "Admin" },
      description: { from: "May do everything", to: "Everything" },
    });
  });

  it("refuses an identifier another profile has, on the identifier field, and writes nothing", async () => {
    const id = await newProfile();
    const other = await newProfile({ identifier: "Auditor", displayName: "Auditor", description: "" });
    const eventsBefore = await prisma.auditEvent.count();

    const created = await createProfile({ identifier: "Administrator", displayName: "Second", description: "" });
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(created.fieldErrors?.identifier?.[0]).toMatch(/"Administrator" is already used/);

    const updated = await updateProfile({ id: other, identifier: "Administrator", displayName: "Auditor", description: "" });
    expect(updated.ok).toBe(false);
    if (updated.ok) return;
    expect(updated.fieldErrors).toEqual({ identifier: [expect.stringMatching(/already used/)] });

    // Keeping its own identifier is fine.
    expect((await updateProfile({ id, ...administrator, displayName: "Admins" })).ok).toBe(true);

    expect(await prisma.profile.count()).toBe(2);
    expect(await prisma.profile.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ identifier: "Auditor" });
    expect(await prisma.auditEvent.count()).toBe(eventsBefore + 1);
  });

  it("returns every field error of an invalid profile", async () => {
    const result = await createProfile({ identifier: "1bad id", displayName: " ", description: "" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["displayName", "identifier"]);
    expect(await prisma.profile.count()).toBe(0);
  });

  it("deletes an unused profile and audits what it was", async () => {
    const id = await newProfile();
    expect(await deleteProfile({ id })).toEqual({ ok: true, data: null });
    expect(await prisma.profile.count()).toBe(0);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "profile.deleted" } });
    // What it was, field by field, to none.
    expect(event).toMatchObject({ targetType: "profile", targetId: id, targetLabel: "Administrator" });
    expect(event.changes).toEqual({
      identifier: { from: "Administrator", to: null },
      displayName: { from: "Administrator", to: null },
      description: { from: "May do everything", to: null },
      requireApproval: { from: false, to: null },
    });
    expect(revalidatePath).toHaveBeenCalledTimes(2);
  });

  it("refuses to delete a profile while clients use it, naming how many and up to 5 of them", async () => {
    const id = await newProfile();
    for (const clientId of ["orders-api", "billing", "crm"]) await createClient(clientId, id);

    const result = await deleteProfile({ id });
    expect(result).toEqual({
      ok: false,
      message: 'Profile "Administrator" is used by 3 clients (billing, crm, orders-api). Move them to another profile first.',
    });
    for (const clientId of ["d1", "d2", "d3", "d4"]) await createClient(clientId, id);
    const many = await deleteProfile({ id });
    expect(many.ok).toBe(false);
    if (many.ok) return;
    expect(many.message).toBe('Profile "Administrator" is used by 7 clients (billing, crm, d1, d2, d3, …). Move them to another profile first.');

    expect(await prisma.profile.count()).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "profile.deleted" } })).toBe(0);
  });
});

describe("profile contexts", () => {
  const context = { id: -2, category: "Department", d0: "42", description: "Sales" };

  it("creates a profile context with the Id given, and audits it", async () => {
    const result = await createProfileContext({ ...context, id: "-12" });
    expect(result).toEqual({ ok: true, data: { id: -12 } });
    expect(await prisma.profileContext.findUniqueOrThrow({ where: { id: -12 } })).toMatchObject({ category: "Department", d0: "42" });
    const event = await prisma.auditEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      action: "profileContext.created",
      targetType: "profileContext",
      targetId: "-12",
      targetLabel: "-12 Department/42",
      changes: { category: { from: null, to: "Department" }, d0: { from: null, to: "42" }, description: { from: null, to: "Sales" } },
    });
    expect(revalidatePath).toHaveBeenCalledWith("/profiles");
  });

  it("refuses an Id above -2 on the Id field", async () => {
    const result = await createProfileContext({ ...context, id: -1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.id).toEqual(["A profile context Id must be -2 or lower."]);
    expect(await prisma.profileContext.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);
  });

  it("refuses a taken Id and a taken category + D0, each on its field", async () => {
    expect((await createProfileContext(context)).ok).toBe(true);

    const sameId = await createProfileContext({ ...context, d0: "43" });
    expect(sameId.ok).toBe(false);
    if (sameId.ok) return;
    expect(sameId.fieldErrors).toEqual({ id: ["The Id -2 is already used by another profile context."] });

    const samePair = await createProfileContext({ ...context, id: -3 });
    expect(samePair.ok).toBe(false);
    if (samePair.ok) return;
    expect(samePair.fieldErrors).toEqual({ d0: ['Category "Department" already has a profile context with D0 "42".'] });

    expect((await createProfileContext({ ...context, id: -3, d0: "43" })).ok).toBe(true);
    const updated = await updateProfileContext({ ...context, id: -3 });
    expect(updated.ok).toBe(false);
    if (updated.ok) return;
    expect(Object.keys(updated.fieldErrors ?? {})).toEqual(["d0"]);

    expect(await prisma.profileContext.count()).toBe(2);
  });

  it("updates category, D0 and description but never the Id", async () => {
    expect((await createProfileContext(context)).ok).toBe(true);
    const result = await updateProfileContext({ id: -2, category: "Region", d0: "42", description: "Sales" });
    expect(result).toEqual({ ok: true, data: { id: -2 } });
    expect(await prisma.profileContext.findUniqueOrThrow({ where: { id: -2 } })).toMatchObject({ category: "Region" });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "profileContext.updated" } });
    expect(event).toMatchObject({ targetId: "-2", targetLabel: "-2 Region/42", changes: { category: { from: "Department", to: "Region" } } });

    // An Id that does not exist is not created by an update.
    const missing = await updateProfileContext({ ...context, id: -99 });
    expect(missing.ok).toBe(false);
    expect(await prisma.profileContext.count()).toBe(1);
  });

  it("deletes an unused context; refuses while a client uses it", async () => {
    const profileId = await newProfile();
    expect((await createProfileContext(context)).ok).toBe(true);
    expect((await createProfileContext({ ...context, id: -3, d0: "43" })).ok).toBe(true);
    await createClient("orders-api", profileId, -2);

    const refused = await deleteProfileContext({ id: -2 });
    expect(refused).toEqual({
      ok: false,
      message: "Profile context -2 Department/42 is used by 1 client (orders-api). Move them to another profile context first.",
    });
    expect(await prisma.profileContext.count()).toBe(2);

    expect(await deleteProfileContext({ id: -3 })).toEqual({ ok: true, data: null });
    expect(await prisma.profileContext.findMany({ select: { id: true } })).toEqual([{ id: -2 }]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "profileContext.deleted" } });
    expect(event).toMatchObject({ targetId: "-3", targetLabel: "-3 Department/43" });
  });
});

describe("every action", () => {
  it("writes the audit event in the same transaction as the change", async () => {
    vi.mocked(recordAudit).mockRejectedValueOnce(new Error("audit store unavailable"));
    const error = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const result = await createProfile(administrator);
    error.mockRestore();

    expect(result).toEqual({ ok: false, message: "Something went wrong and nothing was saved. Try again." });
    // The profile was inserted before the audit failed: the rollback took it away too.
    expect(await prisma.profile.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);
  });

  it("refuses without a session and writes nothing", async () => {
    const id = await newProfile();
    expect((await createProfileContext({ id: -2, category: "Department", d0: "42", description: "" })).ok).toBe(true);
    const eventsBefore = await prisma.auditEvent.count();
    await signInAs(null);

    const refusals = await Promise.all([
      createProfile({ identifier: "Auditor", displayName: "Auditor", description: "" }),
      updateProfile({ id, identifier: "Changed", displayName: "Changed", description: "" }),
      deleteProfile({ id }),
      createProfileContext({ id: -3, category: "Department", d0: "43", description: "" }),
      updateProfileContext({ id: -2, category: "Changed", d0: "42", description: "" }),
      deleteProfileContext({ id: -2 }),
    ]);
    for (const result of refusals) expect(result).toEqual({ ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." });

    expect(await prisma.profile.findMany({ select: { identifier: true } })).toEqual([{ identifier: "Administrator" }]);
    expect(await prisma.profileContext.findMany({ select: { id: true, category: true } })).toEqual([{ id: -2, category: "Department" }]);
    expect(await prisma.auditEvent.count()).toBe(eventsBefore);
  });
});
