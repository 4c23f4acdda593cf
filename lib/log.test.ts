import { describe, expect, it } from "vitest";
import { errorFields, formatLogLine, requestIdOf } from "./log";

describe("structured logs", () => {
  it("writes one JSON object with time, level, msg and the fields", () => {
    const line = formatLogLine("warn", "something", { requestId: "r1", count: 2, skipped: undefined }, new Date("2026-01-02T03:04:05Z"));
    expect(JSON.parse(line)).toEqual({ time: "2026-01-02T03:04:05.000Z", level: "warn", msg: "something", requestId: "r1", count: 2 });
  });

  it("redacts fields whose names look like credentials", () => {
    const line = formatLogLine("info", "x", {
      clientSecret: "abc",
      password: "p",
      accessToken: "t",
      authorization: "Basic x",
      secretHash: "h",
      privateKey: "k",
      clientId: "orders",
    });
    expect(JSON.parse(line)).toMatchObject({
      clientSecret: "[redacted]",
      password: "[redacted]",
      accessToken: "[redacted]",
      authorization: "[redacted]",
      secretHash: "[redacted]",
      privateKey: "[redacted]",
      clientId: "orders",
    });
    for (const value of ["abc", "Basic x", '"h"', '"k"']) expect(line).not.toContain(value);
  });

  it("keeps Prisma's messages (which quote query arguments) out of the log", () => {
    const prismaError = Object.assign(new Error("Invalid `prisma.secret.create()` invocation: hash: 'abc'"), {
      name: "PrismaClientKnownRequestError",
      code: "P2002",
      clientVersion: "7",
    });
    expect(errorFields(prismaError)).toEqual({ error: "PrismaClientKnownRequestError", code: "P2002" });
    expect(errorFields(new TypeError("bad"))).toEqual({ error: "TypeError", detail: "bad" });
    expect(errorFields("a string")).toEqual({ error: "string" });
  });

  it("uses the caller's X-Request-Id when it is a plain token, else a fresh id", () => {
    expect(requestIdOf(new Headers({ "x-request-id": "lb-123.abc" }))).toBe("lb-123.abc");
    expect(requestIdOf(new Headers({ "x-request-id": 'has space "and quotes"' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(null)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
