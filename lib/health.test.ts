import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { pingDatabase } from "@/lib/db/client";
import { availability } from "@/lib/testing/db";
import { SETTLE_MS } from "@/lib/db/availability";

vi.mock("@/lib/db/client", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db/client")>();
  return { ...real, pingDatabase: vi.fn(real.pingDatabase) };
});

afterEach(() => vi.restoreAllMocks());

const logLines = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([chunk]) => JSON.parse(String(chunk)));

describe("/healthz and /readyz", () => {
  it("healthz answers ok without touching the database", async () => {
    vi.mocked(pingDatabase).mockClear();
    const response = healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(pingDatabase).not.toHaveBeenCalled();
  });

  it("readyz is ready when the database answers", async () => {
    const response = await readyz(new Request("http://portal.test/readyz"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });

  it("readyz answers 503 when the check fails, and logs one JSON line with the request id but no details of the connection", async () => {
    const failure = Object.assign(new Error("password authentication failed: postgresql://portal:s3cr3t@db:5432/portal"), {
      name: "PrismaClientInitializationError",
      clientVersion: "7",
    });
    vi.mocked(pingDatabase).mockRejectedValueOnce(failure);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const response = await readyz(new Request("http://portal.test/readyz", { headers: { "x-request-id": "req-42" } }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", checks: { database: "failed" } });
    const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "error",
      msg: "readiness check failed",
      requestId: "req-42",
      check: "database",
      error: "PrismaClientInitializationError",
    });
    expect(lines[0]).not.toContain("s3cr3t");
  });

  it("readyz probes of an unreachable database log the outage once, then its end", async () => {
    const unreachable = Object.assign(new Error("Can't reach database server"), { name: "PrismaClientKnownRequestError", code: "P1001", clientVersion: "7" });
    vi.mocked(pingDatabase).mockRejectedValueOnce(unreachable).mockRejectedValueOnce(unreachable).mockRejectedValueOnce(unreachable);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    for (const id of ["probe-1", "probe-2", "probe-3"]) {
      const response = await readyz(new Request("http://portal.test/readyz", { headers: { "x-request-id": id } }));
      expect(response.status).toBe(503);
    }
    expect(availability.down).toBe(true);
    expect(logLines(stderr)).toEqual([expect.objectContaining({ level: "error", msg: "database unavailable", requestId: "probe-1", code: "P1001" })]);
    // The watch reaches the database again (the real ping) and says so once.
    await vi.waitFor(() => expect(availability.down).toBe(false), { timeout: 5000 });
    // Logged once the database has stayed reachable for SETTLE_MS.
    await vi.waitFor(() => expect(logLines(stdout)).toHaveLength(1), { timeout: 5000 + SETTLE_MS });
    expect(logLines(stdout)).toEqual([expect.objectContaining({ level: "info", msg: "database available again", refused: 3 })]);
  });
});
