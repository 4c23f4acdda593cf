import { describe, expect, it } from "vitest";
import { changeLines, formatValue, targetTypeName } from "./format-changes";

describe("changeLines", () => {
  it("turns { field: { from, to } } into from → to lines, arrays as compact JSON and null as —", () => {
    expect(
      changeLines({
        displayName: { from: "A", to: "B" },
        redirectUris: { from: null, to: ["https://a.example/cb", "https://b.example/cb"] },
        enabled: { from: true, to: false },
      }),
    ).toEqual([
      { key: "displayName", from: "A", to: "B" },
      { key: "redirectUris", from: "—", to: '["https://a.example/cb","https://b.example/cb"]' },
      { key: "enabled", from: "true", to: "false" },
    ]);
  });

  it("leaves out from → to entries whose sides read the same (null → null on a create)", () => {
    expect(changeLines({ expiresAt: { from: null, to: null }, enabled: { from: null, to: true } })).toEqual([{ key: "enabled", from: "—", to: "true" }]);
  });

  it("shows other shapes as key: value", () => {
    expect(changeLines({ secretId: "s1", hint: "abcd", expiresAt: null, secretsDeleted: 2, nested: { a: 1 } })).toEqual([
      { key: "secretId", to: "s1" },
      { key: "hint", to: "abcd" },
      { key: "expiresAt", to: "—" },
      { key: "secretsDeleted", to: "2" },
      { key: "nested", to: '{"a":1}' },
    ]);
    expect(changeLines(null)).toEqual([]);
    expect(changeLines(["x"])).toEqual([{ key: "", to: '["x"]' }]);
  });

  it("makes an empty string visible", () => {
    expect(formatValue("")).toBe('""');
  });
});

describe("a token.issued summary", () => {
  it("reads the count per secret by hint (by id without one), the rest as details", () => {
    const changes = {
      tokens: 43,
      start: "2026-11-27T08:00:00.000Z",
      end: "2026-11-27T08:14:59.000Z",
      secrets: [
        { id: "sec_1", hint: "a1b2", tokens: 40 },
        { id: "sec_2", hint: null, tokens: 3 },
      ],
    };
    expect(changeLines(changes)).toEqual([
      { key: "tokens", to: "43" },
      { key: "start", to: "2026-11-27T08:00:00.000Z" },
      { key: "end", to: "2026-11-27T08:14:59.000Z" },
      { key: "secrets", to: "…a1b2 ×40, sec_2 ×3" },
    ]);
    // Another shape under "secrets" stays JSON.
    expect(changeLines({ secrets: ["x"] })).toEqual([{ key: "secrets", to: '["x"]' }]);
  });
});

describe("targetTypeName", () => {
  it("names known types and keeps unknown ones", () => {
    expect(targetTypeName("profileContext")).toBe("Profile context");
    expect(targetTypeName("widget")).toBe("widget");
  });
});
