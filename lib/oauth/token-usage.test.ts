import { describe, expect, it, vi } from "vitest";
import { createTokenUsageRecorder, TOKEN_USAGE_INTERVAL_MS } from "./token-usage";

describe("token usage recorder", () => {
  it("writes at most once a minute per client", async () => {
    const write = vi.fn(async (_id: string, _at: Date) => undefined);
    const usage = createTokenUsageRecorder(write);
    const t0 = new Date("2026-11-26T10:00:00Z");
    await usage.record("a", t0);
    expect(usage.record("a", new Date(t0.getTime() + 1000))).toBeNull();
    await usage.record("b", new Date(t0.getTime() + 1000));
    await usage.record("a", new Date(t0.getTime() + TOKEN_USAGE_INTERVAL_MS));
    expect(write.mock.calls.map(([id]) => id)).toEqual(["a", "b", "a"]);
  });

  it("does not throw when the write fails, and retries on the next token", async () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const write = vi.fn().mockRejectedValueOnce(new Error("db down")).mockResolvedValue(undefined);
    const usage = createTokenUsageRecorder(write);
    const t0 = new Date();
    await usage.record("a", t0);
    await usage.record("a", new Date(t0.getTime() + 1));
    expect(write).toHaveBeenCalledTimes(2);
    expect(spy).toHaveBeenCalledWith(expect.stringContaining(`"msg":"token usage not recorded","error":"Error","detail":"db down"`));
    spy.mockRestore();
  });
});
