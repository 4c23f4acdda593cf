import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery";
import { effectiveMfaLevel, environmentMfaLevel, mayStoreMfaLevel, mfaRequiredFor } from "./requirement";
import { acceptTotp, newTotpSecret, totpCode, totpStep, totpUri } from "./totp";

describe("TOTP", () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 11, 6, 12, 0, 10);
  const step = totpStep(now);

  it("matches RFC 6238's SHA-1 test vector", () => {
    // RFC 6238 appendix B: key "12345678901234567890", T = 59 s → 94287082 (8 digits; 6 here: 287082).
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpCode(rfcSecret, 1)).toBe("287082");
  });

  it("accepts the current code and its neighbours, once each", () => {
    expect(acceptTotp(secret, totpCode(secret, step), null, now)).toBe(step);
    expect(acceptTotp(secret, totpCode(secret, step - 1), null, now)).toBe(step - 1);
    expect(acceptTotp(secret, totpCode(secret, step + 1), null, now)).toBe(step + 1);
    expect(acceptTotp(secret, totpCode(secret, step - 2), null, now)).toBeNull();
    expect(acceptTotp(secret, totpCode(secret, step + 2), null, now)).toBeNull();
  });

  it("refuses a replayed code: the same step or an older one", () => {
    expect(acceptTotp(secret, totpCode(secret, step), step, now)).toBeNull();
    expect(acceptTotp(secret, totpCode(secret, step - 1), step, now)).toBeNull();
    expect(acceptTotp(secret, totpCode(secret, step + 1), step, now)).toBe(step + 1);
  });

  it("refuses what is not six digits, and a wrong code", () => {
    expect(acceptTotp(secret, "12345", null, now)).toBeNull();
    expect(acceptTotp(secret, "abcdef", null, now)).toBeNull();
    const wrong = String((Number(totpCode(secret, step)) + 1) % 1_000_000).padStart(6, "0");
    expect([step - 1, step + 1].map((s) => totpCode(secret, s))).not.toContain(wrong);
    expect(acceptTotp(secret, wrong, null, now)).toBeNull();
    expect(acceptTotp(secret, ` ${totpCode(secret, step).slice(0, 3)} ${totpCode(secret, step).slice(3)} `, null, now)).toBe(step);
  });

  it("gives an otpauth:// URI with the issuer, the email and the secret", () => {
    const uri = new URL(totpUri(secret, "ada@example.test"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("OIDC Admin");
    expect(decodeURIComponent(uri.pathname)).toContain("ada@example.test");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes of 16 characters, hashed whatever the case and dashes", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const code = codes[0]!;
    expect(hashRecoveryCode(code.toLowerCase().replaceAll("-", " "))).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).not.toContain(code.replaceAll("-", ""));
    expect(normalizeRecoveryCode("123456")).toBeNull();
    expect(normalizeRecoveryCode("0000-0000-0000-0000")).toBeNull(); // 0 is not in the alphabet
  });
});

describe("MFA_REQUIRED_FOR", () => {
  it("defaults to owners and refuses a typo", () => {
    expect(environmentMfaLevel({})).toBe("owners");
    expect(environmentMfaLevel({ MFA_REQUIRED_FOR: " ALL " })).toBe("all");
    expect(() => environmentMfaLevel({ MFA_REQUIRED_FOR: "nobody" })).toThrow(/owners, all or none/);
  });

  it("a stored level tightens the environment's, never loosens it", () => {
    expect(effectiveMfaLevel("owners", "all")).toBe("all");
    expect(effectiveMfaLevel("owners", "none")).toBe("owners");
    expect(effectiveMfaLevel("all", "owners")).toBe("all");
    expect(effectiveMfaLevel("none", "garbage")).toBe("none");
    expect(mayStoreMfaLevel("owners", "none")).toBe(false);
    expect(mayStoreMfaLevel("owners", "all")).toBe(true);
  });

  it("says who must have a factor", () => {
    expect(mfaRequiredFor("Owner", "owners")).toBe(true);
    expect(mfaRequiredFor("Editor", "owners")).toBe(false);
    expect(mfaRequiredFor("Auditor", "all")).toBe(true);
    expect(mfaRequiredFor("Owner", "none")).toBe(false);
  });
});
