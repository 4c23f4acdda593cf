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
    expect(signInSchema.safeParse({ email: "two words@example.com", password: "x" }).success).toBe(false);
  });

  it("accepts intranet addresses such as the default admin@localhost", () => {
    expect(signInSchema.safeParse({ email: "admin@localhost", password: "x" }).success).toBe(true);
  });
});

describe("safeCallbackPath", () => {
  it.each([
    ["/clients?page=2", "/clients?page=2"],
    ["/", "/"],
    ["http://localhost:3000/clients?q=a", "/clients?q=a"],
    ["https://evil.example/", "/"],
    ["https://evil.example/clients", "/clients"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/sign-in", "/"],
    [undefined, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});
