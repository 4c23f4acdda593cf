import { describe, expect, it } from "vitest";
import { LONE_SURROGATE_MESSAGE, NUL_MESSAGE, unstorableTextIn } from "./unstorable-text";

describe("unstorableTextIn", () => {
  it("finds NUL characters in nested strings and keys, nothing elsewhere", () => {
    const paths = (value: unknown) => unstorableTextIn(value).map((p) => p.path);
    expect(paths({ a: "ok", b: ["x", "y\u0000"], c: { d: "\u0000" }, ["k\u0000"]: 1, n: 5, z: null })).toEqual([["b", 1], ["c", "d"], ["k\u0000"]]);
    expect(unstorableTextIn("a\u0000")).toEqual([{ path: [], message: NUL_MESSAGE }]);
    expect(paths({ a: "plain", when: new Date() })).toEqual([]);
  });

  it("finds lone surrogates, and lets every real character through", () => {
    expect(unstorableTextIn({ name: "lone \ud800 high", list: ["\udc00"], emoji: "cut \ud83d", ["\ud800"]: 1 })).toEqual([
      { path: ["name"], message: LONE_SURROGATE_MESSAGE },
      { path: ["list", 0], message: LONE_SURROGATE_MESSAGE },
      { path: ["emoji"], message: LONE_SURROGATE_MESSAGE },
      { path: ["\ud800"], message: LONE_SURROGATE_MESSAGE },
    ]);
    const odd = ["e\u0301\u0301", "\u202eevil\u200f", "\u0001\u001f", "line\u2028sep\u2029", "👩‍👩‍👧", "\ufeff", "x".repeat(10_000), "\uffff"];
    expect(unstorableTextIn(odd)).toEqual([]);
  });
});
