import { describe, expect, it } from "vitest";
import { diffChanges } from "./audit";

describe("diffChanges", () => {
  it("lists only the fields whose values differ, as { from, to }", () => {
    const before = { displayName: "Orders", description: "old", enabled: true };
    const after = { displayName: "Orders", description: "new", enabled: false };
    expect(diffChanges(before, after, ["displayName", "description", "enabled"])).toEqual({
      description: { from: "old", to: "new" },
      enabled: { from: true, to: false },
    });
  });

  it("leaves out fields that are not in the new version, and fields not asked for", () => {
    const before = { displayName: "A", description: "x", flow: "Hybrid" };
    const after = { displayName: "B", flow: "Implicit" };
    expect(diffChanges(before, after, ["displayName", "description"])).toEqual({ displayName: { from: "A", to: "B" } });
  });

  it("compares dates as ISO strings and records them as ISO strings", () => {
    const at = "2026-11-25T11:24:00.000Z";
    expect(diffChanges({ expiresAt: new Date(at) }, { expiresAt: new Date(at) }, ["expiresAt"])).toEqual({});
    expect(diffChanges({ expiresAt: new Date(at) }, { expiresAt: new Date("2027-01-01T00:00:00Z") }, ["expiresAt"])).toEqual({
      expiresAt: { from: at, to: "2027-01-01T00:00:00.000Z" },
    });
  });

  it("compares arrays by value, not by reference", () => {
    const uris = ["https://a.example/cb", "https://b.example/cb"];
    expect(diffChanges({ redirectUris: uris }, { redirectUris: [...uris] }, ["redirectUris"])).toEqual({});
    expect(diffChanges({ redirectUris: uris }, { redirectUris: [uris[1], uris[0]] }, ["redirectUris"])).toEqual({
      redirectUris: { from: uris, to: [uris[1], uris[0]] },
    });
  });

  it("records a missing or undefined side as null (a create diffs against {})", () => {
    expect(diffChanges({}, { displayName: "New", redirectUris: ["https://a.example/cb"] }, ["displayName", "redirectUris"])).toEqual({
      displayName: { from: null, to: "New" },
      redirectUris: { from: null, to: ["https://a.example/cb"] },
    });
    expect(diffChanges({ expiresAt: new Date("2026-01-01T00:00:00Z") }, { expiresAt: null }, ["expiresAt"])).toEqual({
      expiresAt: { from: "2026-01-01T00:00:00.000Z", to: null },
    });
  });
});

describe("diffChanges on creation", () => {
  it("leaves out fields that are empty on both sides (a missing value is null)", () => {
    expect(diffChanges({}, { expiresAt: null, name: "x" }, ["expiresAt", "name"])).toEqual({ name: { from: null, to: "x" } });
  });
});

describe("diffChanges treats empty text and empty lists as no value", () => {
  it("records nothing for an empty field on creation and null for a cleared one", () => {
    expect(diffChanges({}, { description: "", redirectUris: [], name: "x" }, ["description", "redirectUris", "name"])).toEqual({
      name: { from: null, to: "x" },
    });
    expect(diffChanges({ description: "old", redirectUris: ["a"] }, { description: "", redirectUris: [] }, ["description", "redirectUris"])).toEqual({
      description: { from: "old", to: null },
      redirectUris: { from: ["a"], to: null },
    });
  });
});
