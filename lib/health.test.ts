import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { prisma } from "@/lib/testing/db";

afterEach(() => vi.restoreAllMocks());

describe("/healthz and /readyz", () => {
  it("healthz answers ok without touching the database", async () => {
    const spy = vi.spyOn(prisma, "$queryRaw");
    const response = healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(spy).not.toHaveBeenCalled();
  });

  it("readyz is ready when the database answers", async () => {
    const response = await readyz(new Request("http://portal.test/readyz"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });

  it("readyz answers 503 when the database fails, and logs one JSON line with the request id but no details of the connection", async () => {
    const failure = Object.assign(new Error("connect ECONNREFUSED postgresql://portal:s3cr3t@db:5432/portal"), { name: "PrismaClientInitializationError", clientVersion: "7" });
    vi.spyOn(prisma, "$queryRaw").mockRejectedValue(failure);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const response = await readyz(new Request("http://portal.test/readyz", { headers: { "x-request-id": "req-42" } }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", checks: { database: "failed" } });
    const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", msg: "readiness check failed", requestId: "req-42", check: "database", error: "PrismaClientInitializationError" });
    expect(lines[0]).not.toContain("s3cr3t");
  });
});
