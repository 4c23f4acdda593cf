// The one late-load primitive's retry policy (components/ui/on-demand.ts): fetched at the page's first
// interaction; a failed fetch is tried again at the next interaction or the next want; whoever waits
// for the module (an island, a dialog) gets it once an attempt succeeds.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const interact = () => window.dispatchEvent(new Event("pointerdown"));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("onDemand", () => {
  beforeEach(() => {
    vi.resetModules(); // on-first-interaction.ts keeps its listeners per module instance
    vi.stubGlobal("window", new EventTarget());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("fetches at the first interaction, once, for every caller", async () => {
    const { onDemand } = await import("./on-demand");
    const load = vi.fn(async () => "module");
    const late = onDemand(load);
    await settle();
    expect(load).not.toHaveBeenCalled();
    interact();
    expect(await late.ready()).toBe("module");
    expect(await late.get()).toBe("module");
    expect(late.current()).toBe("module");
    interact();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("tries a failed fetch again at the next interaction, and whoever waits gets the module", async () => {
    const { onDemand } = await import("./on-demand");
    const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error("offline")).mockResolvedValue("module");
    const late = onDemand(load);
    let got: string | undefined;
    void late.ready().then((module) => (got = module));
    interact();
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(got).toBeUndefined();
    expect(late.current()).toBeUndefined();
    interact(); // the next interaction retries
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
    expect(got).toBe("module");
  });

  it("tries a failed fetch again at the next want, before any interaction", async () => {
    const { onDemand } = await import("./on-demand");
    const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error("offline")).mockResolvedValue("module");
    const late = onDemand(load);
    await expect(late.get()).rejects.toThrow("offline");
    expect(await late.get()).toBe("module");
    expect(load).toHaveBeenCalledTimes(2);
  });
});
