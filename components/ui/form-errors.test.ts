import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/result";
import { createClientSchema } from "@/lib/clients/schema";
import { clientFormInput } from "@/lib/testing/fixtures";
import { applyServerErrors, errorMessages } from "./form-errors";

const bad = "ftp://one.example/cb\nhttps://two.example/cb#frag\nhttps://ok.example/cb\nhttp://three.example/cb";

describe("several bad redirect URIs", () => {
  const parsed = createClientSchema.safeParse(clientFormInput("p", { flow: "AuthorizationCode", redirectUris: bad }));
  if (parsed.success) throw new Error("expected a refusal");

  it("each get their own message from the server, and the form shows each on its own line", () => {
    const fieldErrors = fieldErrorsOf(parsed.error);
    expect(fieldErrors.redirectUris).toHaveLength(3);
    for (const uri of ["ftp://one.example/cb", "https://two.example/cb#frag", "http://three.example/cb"]) {
      expect(fieldErrors.redirectUris!.some((m) => m.includes(uri))).toBe(true);
    }
    const set: { field: string; message: string }[] = [];
    applyServerErrors((field, error) => set.push({ field, message: error.message ?? "" }), fieldErrors);
    expect(set).toHaveLength(1);
    expect(errorMessages({ message: set[0]!.message })).toEqual(fieldErrors.redirectUris);
  });

  it("each get their own line from the browser's check too (zod's per-item errors)", () => {
    const perItem = { 0: { message: "first is bad" }, 1: { message: "second is bad" }, 3: { message: "fourth is bad" }, ref: { message: "not this" } };
    expect(errorMessages(perItem)).toEqual(["first is bad", "second is bad", "fourth is bad"]);
  });
});
