import { describe, expect, it } from "vitest";
import { adminStatus, signInMethodLabel } from "./status";

const now = new Date("2026-11-26T12:00:00Z");
const later = new Date("2026-11-27T12:00:00Z");
const earlier = new Date("2026-11-25T12:00:00Z");
const base = { disabledAt: null, hasPassword: false, lastSignInAt: null, openInvitation: null };

describe("adminStatus", () => {
  it("disabled wins over everything", () => {
    expect(adminStatus({ ...base, disabledAt: earlier, hasPassword: true }, now)).toBe("disabled");
    expect(adminStatus({ ...base, disabledAt: earlier, openInvitation: { expiresAt: later } }, now)).toBe("disabled");
  });
  it("a password or a past sign-in (identity provider) makes an admin active", () => {
    expect(adminStatus({ ...base, hasPassword: true }, now)).toBe("active");
    expect(adminStatus({ ...base, lastSignInAt: earlier }, now)).toBe("active");
  });
  it("without either: invited while the link works, else invitation expired (expired or revoked)", () => {
    expect(adminStatus({ ...base, openInvitation: { expiresAt: later } }, now)).toBe("invited");
    expect(adminStatus({ ...base, openInvitation: { expiresAt: now } }, now)).toBe("invitation expired");
    expect(adminStatus(base, now)).toBe("invitation expired");
  });
});

describe("signInMethodLabel", () => {
  it("names the provider or says password", () => {
    expect(signInMethodLabel("password")).toBe("password");
    expect(signInMethodLabel("provider:Corp SSO")).toBe("Corp SSO");
    expect(signInMethodLabel(null)).toBeNull();
  });
});
