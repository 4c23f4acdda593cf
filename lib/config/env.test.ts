import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("uses the defaults for an empty environment", () => {
    expect(parseEnv({})).toEqual({ PORT: 3000 });
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", ADMIN_EMAIL: "" })).toEqual({ PORT: 3000 });
  });

  it("coerces PORT and keeps the admin settings", () => {
    expect(parseEnv({ PORT: "8080", ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "a-long-password" })).toMatchObject({
      PORT: 8080,
      ADMIN_EMAIL: "ops@example.com",
      ADMIN_PASSWORD: "a-long-password",
    });
  });

  it("stops the start on an MFA_REQUIRED_FOR typo instead of turning MFA off", () => {
    expect(parseEnv({ MFA_REQUIRED_FOR: " All " })).toMatchObject({ MFA_REQUIRED_FOR: "all" });
    expect(() => parseEnv({ MFA_REQUIRED_FOR: "nobody" })).toThrowError(/MFA_REQUIRED_FOR must be owners, all or none/);
  });

  it("lists every invalid variable in one error", () => {
    expect(() => parseEnv({ PORT: "70000", ADMIN_EMAIL: "no email", ADMIN_PASSWORD: "short" })).toThrowError(/PORT[\s\S]*ADMIN_EMAIL[\s\S]*ADMIN_PASSWORD/);
  });
});
