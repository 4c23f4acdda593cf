// The OAuth endpoints while the database is away: 503 temporarily_unavailable with Retry-After, one
// log line for the outage instead of one per request, and no token from a cached client whose
// entry the database can no longer confirm (docs/decisions/010-protocol-server-and-caches.md).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { pingDatabase } from "@/lib/db/client";
import { availability } from "@/lib/testing/db";
import { cachedDirectory, databaseDirectory, type BulkDirectory } from "./directory";
import { createIntrospectionEndpoint } from "./introspection";
import { createOAuthClient, createProfile, formRequest } from "@/lib/testing/oauth";
import { createTokenEndpoint } from "./token-endpoint";
import { createTokenUsageRecorder } from "./token-usage";

vi.mock("@/lib/db/client", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db/client")>();
  return { ...real, pingDatabase: vi.fn(real.pingDatabase) };
});

const unreachable = () =>
  Object.assign(new Error("Can't reach database server at db:5432"), { name: "PrismaClientKnownRequestError", code: "P1001", clientVersion: "7" });
const limits = { perClient: new RateLimiter(10_000, 60_000), perAddress: new RateLimiter(10_000, 60_000) };
const CC = { grant_type: "client_credentials" };

/** The real directory, which can be made to fail as an unreachable database does. */
let down = false;
const base: BulkDirectory = {
  client: (id) => (down ? Promise.reject(unreachable()) : databaseDirectory.client(id)),
  clients: (ids) => (down ? Promise.reject(unreachable()) : databaseDirectory.clients(ids)),
  scope: (name) => (down ? Promise.reject(unreachable()) : databaseDirectory.scope(name)),
};
let epoch = 1;
const directory = cachedDirectory(base, () => epoch);
const token = createTokenEndpoint(
  limits,
  createTokenUsageRecorder(async () => {}),
  directory,
);
const introspect = createIntrospectionEndpoint({ perAddress: limits.perAddress }, directory);

beforeAll(async () => {
  const profile = await createProfile("OutageProfile");
  await createOAuthClient({ clientId: "outage-svc", profileId: profile.id, secrets: [{ value: "outage-secret" }] });
});

afterEach(() => {
  down = false;
  vi.restoreAllMocks();
});

const stderrLines = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([chunk]) => JSON.parse(String(chunk)));

describe("the OAuth endpoints while the database is away", () => {
  it("answer 503 temporarily_unavailable with Retry-After, even for a client they had cached, and log the outage once", async () => {
    const ok = await token(formRequest("http://portal.test/oauth/token", CC, { basic: ["outage-svc", "outage-secret"] }));
    expect(ok.status).toBe(200);
    const { access_token } = await ok.json();

    // The database goes away; the cached entry can no longer be confirmed (the next epoch).
    vi.mocked(pingDatabase).mockRejectedValue(unreachable());
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    down = true;
    epoch++;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        token(formRequest("http://portal.test/oauth/token", CC, { basic: ["outage-svc", "outage-secret"], headers: { "x-request-id": `tok-${i}` } })),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("2");
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(await answer.json()).toEqual({
        error: "temporarily_unavailable",
        error_description: "The service is temporarily unavailable. Try again in 2 seconds.",
      });
    }
    const introspection = await introspect(
      formRequest("http://portal.test/oauth/introspect", { token: access_token }, { basic: ["outage-svc", "outage-secret"] }),
    );
    expect(introspection.status).toBe(503);
    expect(introspection.headers.get("retry-after")).toBe("2");

    const lines = stderrLines(stderr);
    expect(lines).toEqual([
      expect.objectContaining({ level: "error", msg: "database unavailable", requestId: "tok-0", where: "token endpoint", code: "P1001" }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("db:5432");
    expect(availability.down).toBe(true);

    // Back: the next request is served at once, and the watch ends the outage.
    down = false;
    vi.mocked(pingDatabase).mockRestore();
    expect((await token(formRequest("http://portal.test/oauth/token", CC, { basic: ["outage-svc", "outage-secret"] }))).status).toBe(200);
    await vi.waitFor(() => expect(availability.down).toBe(false), { timeout: 5000 });
  });

  it("still answer 500 server_error for any other failure, logged with the request id", async () => {
    const failing = createTokenEndpoint(limits, undefined, { ...base, client: () => Promise.reject(new TypeError("a bug")), scope: base.scope });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const answer = await failing(
      formRequest("http://portal.test/oauth/token", CC, { basic: ["outage-svc", "outage-secret"], headers: { "x-request-id": "bug-1" } }),
    );
    expect(answer.status).toBe(500);
    expect((await answer.json()).error).toBe("server_error");
    expect(stderrLines(stderr)).toEqual([expect.objectContaining({ level: "error", msg: "token endpoint failed", requestId: "bug-1", error: "TypeError" })]);
  });
});
