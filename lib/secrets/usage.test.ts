import { beforeAll, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { createIntrospectionEndpoint } from "@/lib/oauth/introspection";
import { createTokenEndpoint } from "@/lib/oauth/token-endpoint";
import { createTokenUsageRecorder, recordTokensIssued } from "@/lib/oauth/token-usage";
import { prisma } from "@/lib/testing/db";
import { addSecret, createOAuthClient, createProfile, createScope, formRequest } from "@/lib/testing/oauth";
import { addSecretUse, secretUsageCounts, usageDay, usageWindowStart, type SecretUse } from "./usage";

describe("usage days", () => {
  it("are UTC days; the window is today and the 29 days before", () => {
    expect(usageDay(new Date("2026-12-06T23:59:59.999Z"))).toBe("2026-12-06");
    expect(usageWindowStart(new Date("2026-12-06T00:00:00Z"))).toBe("2026-11-07");
  });

  it("collect uses per secret and day, keeping the latest instant", () => {
    const uses = new Map<string, SecretUse>();
    addSecretUse(uses, "a", new Date("2026-12-06T10:00:05Z"));
    addSecretUse(uses, "a", new Date("2026-12-06T10:00:01Z"));
    addSecretUse(uses, "b", new Date("2026-12-06T10:00:01Z"));
    expect([...uses.values()]).toEqual([
      { secretId: "a", day: "2026-12-06", count: 2, lastUsedAt: new Date("2026-12-06T10:00:05Z") },
      { secretId: "b", day: "2026-12-06", count: 1, lastUsedAt: new Date("2026-12-06T10:00:01Z") },
    ]);
  });
});

describe("usage per secret at the endpoints", () => {
  const limits = { perClient: new RateLimiter(1000, 60_000), perAddress: new RateLimiter(1000, 60_000) };
  // Its own recorder with a long interval: nothing is written until the test flushes.
  const usage = createTokenUsageRecorder(recordTokensIssued, 3_600_000);
  const token = createTokenEndpoint(limits, usage);
  const introspect = createIntrospectionEndpoint(limits, undefined, usage);
  const ids = { a: "", b: "", scopeA: "", scopeB: "", clientInternalId: "" };

  beforeAll(async () => {
    const profile = await createProfile();
    const scope = await createScope("usage.read");
    const client = await createOAuthClient({ clientId: "usage-svc", profileId: profile.id, scopeIds: [scope.id] });
    ids.clientInternalId = client.id;
    ids.a = (await addSecret({ clientInternalId: client.id }, { value: "usage-secret-A" })).id;
    ids.b = (await addSecret({ clientInternalId: client.id }, { value: "usage-secret-B" })).id;
    ids.scopeA = (await addSecret({ scopeId: scope.id }, { value: "usage-scope-A" })).id;
    ids.scopeB = (await addSecret({ scopeId: scope.id }, { value: "usage-scope-B" })).id;
    // Opens the recorder's first batch (the first write after a quiet spell goes at once).
    await usage.flush();
  });

  const row = (id: string) => prisma.secret.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } });

  it("a token request with secret A bumps A, not B, once the batch is written", async () => {
    const before = new Date();
    for (let i = 0; i < 3; i++) {
      const response = await token(
        formRequest("http://localhost/oauth/token", { grant_type: "client_credentials" }, { basic: ["usage-svc", "usage-secret-A"] }),
        "t",
      );
      expect(response.status).toBe(200);
    }
    // A wrong secret authenticates nothing and counts for no secret.
    expect((await token(formRequest("http://localhost/oauth/token", { grant_type: "client_credentials" }, { basic: ["usage-svc", "nope"] }), "t")).status).toBe(
      401,
    );
    await usage.flush();
    const a = await row(ids.a);
    expect(a.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect((await row(ids.b)).lastUsedAt).toBeNull();
    const counts = await secretUsageCounts([ids.a, ids.b]);
    expect(counts.get(ids.a)).toBe(3);
    expect(counts.has(ids.b)).toBe(false);
  });

  it("the first token after a quiet spell writes its client and its secret in one batch, at once", async () => {
    const write = vi.fn(async (_ids: string[], _at: Date, _uses: SecretUse[]) => undefined);
    const endpoint = createTokenEndpoint(limits, createTokenUsageRecorder(write, 3_600_000));
    const response = await endpoint(
      formRequest("http://localhost/oauth/token", { grant_type: "client_credentials" }, { basic: ["usage-svc", "usage-secret-B"] }),
      "t",
    );
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]![0]).toEqual([ids.clientInternalId]);
    expect(write.mock.calls[0]![2].map((u) => [u.secretId, u.count])).toEqual([[ids.b, 1]]);
  });

  it("introspection records the scope secret (and the client secret) that authenticated", async () => {
    const issued = await token(
      formRequest("http://localhost/oauth/token", { grant_type: "client_credentials" }, { basic: ["usage-svc", "usage-secret-B"] }),
      "t",
    );
    const { access_token } = (await issued.json()) as { access_token: string };
    const asked = await introspect(formRequest("http://localhost/oauth/introspect", { token: access_token }, { basic: ["usage.read", "usage-scope-B"] }), "t");
    expect(((await asked.json()) as { active: boolean }).active).toBe(true);
    await usage.flush();
    expect((await row(ids.scopeB)).lastUsedAt).not.toBeNull();
    expect((await row(ids.scopeA)).lastUsedAt).toBeNull();
    expect((await secretUsageCounts([ids.b])).get(ids.b)).toBe(1);
  });
});
