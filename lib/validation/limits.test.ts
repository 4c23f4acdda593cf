import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { clientFields, createClientSchema } from "@/lib/clients/schema";
import { profileContextSchema, profileSchema } from "@/lib/profiles/schema";
import { scopeSchema } from "@/lib/scopes/schema";
import { newSecretSchema } from "@/lib/secrets/schema";
import { LIMITS } from "./limits";

/** The maximum length a zod string schema allows (through pipes, transforms and optionals). */
function maxLengthOf(schema: z.ZodType): number | undefined {
  const s = schema as unknown as { maxLength?: number | null; def?: { in?: z.ZodType; innerType?: z.ZodType } };
  if (typeof s.maxLength === "number") return s.maxLength;
  const inner = s.def?.in ?? s.def?.innerType;
  return inner ? maxLengthOf(inner) : undefined;
}

describe("LIMITS", () => {
  it("are the limits the schemas enforce, so an input's maxLength never cuts what the server accepts", () => {
    expect(maxLengthOf(clientFields.shape.clientId)).toBe(LIMITS.key);
    expect(maxLengthOf(clientFields.shape.displayName)).toBe(LIMITS.name);
    expect(maxLengthOf(clientFields.shape.description)).toBe(LIMITS.description);
    expect(maxLengthOf(clientFields.shape.redirectUris)).toBe(LIMITS.uriLines);
    expect(maxLengthOf(clientFields.shape.postLogoutRedirectUris)).toBe(LIMITS.uriLines);
    expect(maxLengthOf(createClientSchema.shape.firstSecretDescription)).toBe(LIMITS.shortText);
    expect(maxLengthOf(profileSchema.shape.identifier)).toBe(LIMITS.key);
    expect(maxLengthOf(profileSchema.shape.displayName)).toBe(LIMITS.name);
    expect(maxLengthOf(profileSchema.shape.description)).toBe(LIMITS.description);
    expect(maxLengthOf(profileContextSchema.shape.category)).toBe(LIMITS.name);
    expect(maxLengthOf(profileContextSchema.shape.d0)).toBe(LIMITS.name);
    expect(maxLengthOf(profileContextSchema.shape.description)).toBe(LIMITS.description);
    expect(maxLengthOf(scopeSchema.shape.name)).toBe(LIMITS.key);
    expect(maxLengthOf(scopeSchema.shape.displayName)).toBe(LIMITS.name);
    expect(maxLengthOf(scopeSchema.shape.description)).toBe(LIMITS.description);
    expect(maxLengthOf(newSecretSchema.shape.description)).toBe(LIMITS.shortText);
    expect(maxLengthOf(clientFields.shape.enabled)).toBeUndefined();
  });
});
