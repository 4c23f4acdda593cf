// The page gate says what each portal page says (its requirePermission, whether it can answer
// notFound), found from the pages' code; and it refuses with 403 / 404 before the page renders.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAdmin, prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { gateOf, gatePortalPage, PAGE_GATES } from "./page-gate";

const requestPath = { value: "" };
vi.mock("next/headers", () => ({ headers: async () => new Headers(requestPath.value ? { "x-portal-path": requestPath.value } : {}) }));
vi.mock("next/navigation", () => ({
  forbidden: () => {
    throw new Error("403");
  },
  notFound: () => {
    throw new Error("404");
  },
}));

const PORTAL = path.join(process.cwd(), "app", "(portal)");

function pages(dir = PORTAL): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? pages(full) : entry.name === "page.tsx" ? [full] : [];
  });
}

describe("PAGE_GATES", () => {
  it("has every portal page, with the permission its requirePermission names and a lookup when it can answer notFound", () => {
    const found: Record<string, { permission: string | null; lookup: boolean }> = {};
    for (const file of pages()) {
      const source = fs.readFileSync(file, "utf8");
      const route = `/${path.relative(PORTAL, path.dirname(file)).split(path.sep).filter(Boolean).join("/")}`;
      const permission = /requirePermission\("([^"]+)"\)/.exec(source)?.[1] ?? null;
      if (!permission) expect(source, route).toMatch(/requireAdmin\(\)/);
      found[route] = { permission, lookup: /\bnotFound\(\)/.test(source) };
    }
    const gates = Object.fromEntries(Object.entries(PAGE_GATES).map(([route, gate]) => [route, { permission: gate.permission, lookup: Boolean(gate.exists) }]));
    expect(gates).toEqual(found);
  });

  it("matches request paths to routes, decoding the id", () => {
    expect(gateOf("/clients/new")?.gate).toBe(PAGE_GATES["/clients/new"]);
    expect(gateOf("/clients/abc")).toEqual({ gate: PAGE_GATES["/clients/[id]"], id: "abc" });
    expect(gateOf("/clients/a%20b/handover")).toEqual({ gate: PAGE_GATES["/clients/[id]/handover"], id: "a b" });
    expect(gateOf("/")?.gate).toBe(PAGE_GATES["/"]);
    expect(gateOf("/nothing/here")).toBeNull();
    expect(gateOf("/clients/%E0%A4%A")).toBeNull();
  });
});

describe("gatePortalPage", () => {
  let clientId = "";
  let otherContextClientId = "";
  beforeAll(async () => {
    const profile = await prisma.profile.create({ data: { identifier: "GateProfile", displayName: "Gate" } });
    await prisma.profileContext.createMany({
      data: [
        { id: -930, category: "Gate", d0: "Mine" },
        { id: -931, category: "Gate", d0: "Theirs" },
      ],
    });
    clientId = (await prisma.client.create({ data: clientRow("gate-mine", profile.id, { profileContextId: -930 }) })).id;
    otherContextClientId = (await prisma.client.create({ data: clientRow("gate-theirs", profile.id, { profileContextId: -931 }) })).id;
  });

  const outcome = async (admin: Awaited<ReturnType<typeof createTestAdmin>>, path: string) => {
    requestPath.value = path;
    try {
      await gatePortalPage(admin);
      return "open";
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("answers 403 for a page the role does not allow and 404 for a record that is missing or out of reach", async () => {
    const owner = await createTestAdmin();
    const auditor = await createTestAdmin(undefined, { role: "Auditor" });
    const profileId = (await prisma.profile.findFirstOrThrow({ where: { identifier: "GateProfile" } })).id;
    const bound = await createTestAdmin(undefined, { role: "Editor", reach: { kind: "context", profileId, profileContextId: -930 } });
    expect(await outcome(owner, "/admins")).toBe("open");
    expect(await outcome(auditor, "/admins")).toBe("403");
    expect(await outcome(bound, "/admins?x=1")).toBe("403");
    expect(await outcome(auditor, "/clients/new")).toBe("403");
    expect(await outcome(owner, `/clients/${clientId}`)).toBe("open");
    expect(await outcome(owner, "/clients/no-such-client")).toBe("404");
    expect(await outcome(owner, "/clients/no-such-client/handover")).toBe("404");
    expect(await outcome(owner, "/providers/no-such-provider")).toBe("404");
    expect(await outcome(owner, "/scopes/no-such-scope")).toBe("404");
    expect(await outcome(bound, `/clients/${clientId}`)).toBe("open");
    expect(await outcome(bound, `/clients/${otherContextClientId}`)).toBe("404");
    // No path header (outside a request) or a path that is no portal page: the page decides.
    expect(await outcome(auditor, "")).toBe("open");
    expect(await outcome(auditor, "/somewhere/else")).toBe("open");
  });
});
