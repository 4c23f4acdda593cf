import { describe, expect, it } from "vitest";
import { generateSecret, hashSecret } from "./secret";
import { isWeakSecretHash } from "./weak";

describe("weak secret hashes", () => {
  it("recognises the hash of secret (the Usercube example) and password", () => {
    expect(isWeakSecretHash("K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=")).toBe(true);
    expect(isWeakSecretHash(hashSecret("password"))).toBe(true);
  });

  it("does not flag a generated secret", () => {
    expect(isWeakSecretHash(hashSecret(generateSecret()))).toBe(false);
  });
});
