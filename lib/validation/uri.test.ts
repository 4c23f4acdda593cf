import { describe, expect, it } from "vitest";
import { isLoopbackHost, redirectUriLinesSchema, redirectUriProblem } from "./uri";

describe("redirectUriProblem", () => {
  it.each([
    "https://app.example.com/callback",
    "https://app.example.com/cb?tenant=a",
    "http://localhost:3000/callback",
    "http://127.0.0.1:8080/cb",
    "http://[::1]/cb",
    "http://dev.localhost/cb",
  ])("accepts %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    ["/callback", /not an absolute URL/],
    ["app.example.com/cb", /not an absolute URL/],
    ["http://app.example.com/cb", /must use https/],
    ["ftp://example.com/cb", /must use https/],
    ["https://app.example.com/cb#x", /fragment/],
    ["https://app.example.com/cb#", /fragment/],
    ["https://user:pw@app.example.com/cb", /user name or password/],
  ])("rejects %s", (uri, message) => {
    expect(redirectUriProblem(uri)).toMatch(message);
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback from look-alikes", () => {
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("127.5.6.7")).toBe(true);
    expect(isLoopbackHost("localhost.evil.com")).toBe(false);
    expect(isLoopbackHost("127.0.0.1.evil.com")).toBe(false);
  });
});

describe("redirectUriLinesSchema", () => {
  it("splits lines, trims and drops blank lines", () => {
    expect(redirectUriLinesSchema.parse(" https://a.example/cb \n\n https://b.example/cb\r\n")).toEqual(["https://a.example/cb", "https://b.example/cb"]);
  });

  it("refuses duplicates, naming the URI", () => {
    const result = redirectUriLinesSchema.safeParse("https://a.example/cb\nhttps://a.example/cb");
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('"https://a.example/cb" is listed twice.');
  });

  it("reports every bad line", () => {
    const result = redirectUriLinesSchema.safeParse("http://a.example/cb\nhttps://ok.example/cb\nnope");
    expect(result.error!.issues.map((i) => i.path)).toEqual([[0], [2]]);
  });
});
