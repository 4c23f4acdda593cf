import { describe, expect, it } from "vitest";
import { ALL } from "@/lib/auth/reach";
import { apiRoleOptions, beyondPowerReason } from "./form-values";

const context = { kind: "context" as const, profileId: "p", profileContextId: -4 };

describe("the client form's admin API access", () => {
  it("offers only the roles the admin holds", () => {
    const values = (options: { value: string }[]) => options.map((o) => o.value);
    expect(values(apiRoleOptions({ role: "Owner", reach: ALL }))).toEqual(["Owner", "Editor", "Auditor"]);
    expect(values(apiRoleOptions({ role: "Editor", reach: ALL }))).toEqual(["Editor", "Auditor"]);
    expect(values(apiRoleOptions({ role: "Editor", reach: context }))).toEqual(["Editor", "Auditor"]);
    // The client's current role is shown even when the admin could not grant it (the page is read-only then).
    expect(values(apiRoleOptions({ role: "Editor", reach: ALL }, "Owner"))).toEqual(["Owner", "Editor", "Auditor"]);
  });

  it("says why a stronger client is read-only, and nothing for one within reach", () => {
    const client = { adminApiRole: "Owner", profileId: "p", profileContextId: null };
    expect(beyondPowerReason({ role: "Editor", reach: ALL }, client)).toMatch(/holds Owner access .* more than you hold \(Editor access\)/);
    expect(beyondPowerReason({ role: "Owner", reach: ALL }, client)).toBeNull();
    expect(beyondPowerReason({ role: "Editor", reach: context }, { adminApiRole: "Editor", profileId: "p", profileContextId: -4 })).toBeNull();
  });
});
