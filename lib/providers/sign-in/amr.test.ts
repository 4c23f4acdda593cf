import { describe, expect, it } from "vitest";
import { amrShowsMultiFactor } from "./amr";

describe("amrShowsMultiFactor (RFC 8176)", () => {
  it.each([[["mfa"]], [["pwd", "mfa"]], [["pwd", "otp"]], [["swk", "pin"]], [["hwk", "fpt"]], [["face", "kba"]], [["sc", "pin", "user"]]])(
    "%j is multi-factor",
    (amr) => expect(amrShowsMultiFactor(amr)).toBe(true),
  );

  it.each([
    [["pwd"]],
    [["pwd", "pin", "kba"]], // three things known: one kind of factor
    [["otp", "sms", "hwk"]], // three things held
    [["hwk", "user"]], // user presence is no factor
    [["pwd", "rba"]],
    [["pwd", "geo", "mca"]],
    [["pwd", "wia"]],
    [["MFA"]], // values are case-sensitive
    [[]],
    ["mfa"], // not an array
    [["pwd", 1]],
    [null],
    [undefined],
    [{ 0: "mfa" }],
  ])("%j is not", (amr) => expect(amrShowsMultiFactor(amr)).toBe(false));
});
