import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInSchema } from "./schema";

describe("signInSchema", () => {
  it("normalises the email and accepts a password", () => {
    expect(signInSchema.parse({ email: "  Admin@Example.COM ", password: "pw" })).toEqual({
      email: "admin@example.com",
      password: "pw",
    });
  });

  it("reports every missing field", () => {
    const result = signInSchema.safeParse({ email: "", password: "" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path[0]);
    expect(paths).toContain("email");
    expect(paths).toContain("password");
  });

  it("rejects a malformed email", () => {
    expect(signInSchema.safeParse({ email: "not-an-email", password: "x" }).success).toBe(false);
  });
});

describe("safeCallbackPath", () => {
  it.each([
    ["/clients?page=2", "/clients?page=2"],
    ["/", "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/sign-in", "/"],
    [undefined, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});
