import { describe, expect, it } from "vitest";
import { readCapped } from "./read-capped";

function chunked(parts: string[]) {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  return new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
}

describe("readCapped", () => {
  it("reads a body up to the limit", async () => {
    expect(await readCapped(new Request("http://x/", { method: "POST", body: "héllo" }), 6)).toBe("héllo");
    expect(await readCapped(new Response(null), 10)).toBe("");
  });

  it("refuses a declared length over the limit without reading", async () => {
    const request = new Request("http://x/", { method: "POST", body: "x".repeat(20), headers: { "content-length": "20" } });
    expect(await readCapped(request, 10)).toBeNull();
  });

  it("stops reading a chunked body once it passes the limit", async () => {
    expect(await readCapped(chunked(["aaaa", "bbbb", "cccc"]), 10)).toBeNull();
    expect(await readCapped(chunked(["aaaa", "bbbb"]), 10)).toBe("aaaabbbb");
  });
});
