import { describe, expect, it } from "vitest";
import { pathsWithNul } from "./nul";

describe("pathsWithNul", () => {
  it("finds NUL characters in nested strings and keys, nothing elsewhere", () => {
    expect(pathsWithNul({ a: "ok", b: ["x", "y\u0000"], c: { d: "\u0000" }, ["k\u0000"]: 1, n: 5, z: null })).toEqual([["b", 1], ["c", "d"], ["k\u0000"]]);
    expect(pathsWithNul("a\u0000")).toEqual([[]]);
    expect(pathsWithNul({ a: "plain", when: new Date() })).toEqual([]);
  });
});
