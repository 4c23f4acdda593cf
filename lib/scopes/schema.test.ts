import { describe, expect, it } from "vitest";
import { scopeSchema } from "./schema";

const valid = { name: "orders.read", displayName: "Read orders", description: "", enabled: true };

describe("scopeSchema", () => {
  it.each(["openid", "orders.read", "api://orders/read", "orders:write", "a_b-c"])("accepts the scope name %j", (name) => {
    expect(scopeSchema.safeParse({ ...valid, name }).success).toBe(true);
  });

  it.each(["", "two words", 'quote"d', "back\\slash", "ünïcode", "x".repeat(101)])("rejects the scope name %j", (name) => {
    const result = scopeSchema.safeParse({ ...valid, name });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["name"]);
  });

  it("requires a display name and trims", () => {
    expect(scopeSchema.safeParse({ ...valid, displayName: " " }).success).toBe(false);
    expect(scopeSchema.parse({ ...valid, name: " orders.read " }).name).toBe("orders.read");
  });
});
