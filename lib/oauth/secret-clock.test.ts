import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toApiSecret } from "@/lib/api/secrets";
import { RateLimiter } from "@/lib/auth/rate-limit";
import { secretView } from "@/lib/secrets/service";
import { prisma } from "@/lib/testing/db";
import { createOAuthClient, createProfile, createScope, formRequest } from "@/lib/testing/oauth";
import { createIntrospectionEndpoint } from "./introspection";
import { createTokenEndpoint } from "./token-endpoint";

// The endpoints judge a secret's validity by the portal's clock (lib/clock.ts): with the test clock
// moved past a rotation's grace, the old secret is refused as the real end of the grace would.
// The variable is set before lib/clock.ts is loaded (vi.hoisted runs before the imports).
const { clockFile } = vi.hoisted(() => {
  const clockFile = `${process.env.TMPDIR ?? "/tmp"}/portal-clock-${process.pid}-${Math.random().toString(36).slice(2)}`;
  process.env.PORTAL_TEST_CLOCK_FILE = clockFile;
  return { clockFile };
});

const DAY = 24 * 60 * 60 * 1000;
const limits = () => new RateLimiter(1000, 60_000);
const token = createTokenEndpoint({ perClient: limits(), perAddress: limits() });
const introspection = createIntrospectionEndpoint({ perAddress: limits() });

function setOffset(ms: number) {
  fs.writeFileSync(`${clockFile}.tmp`, String(ms));
  fs.renameSync(`${clockFile}.tmp`, clockFile);
}

async function call(handle: typeof token, url: string, params: Record<string, string>, secret: string) {
  const response = await handle(formRequest(url, params, { basic: ["svc-rotating", secret] }), "test");
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const tokenCall = (secret: string) => call(token, "http://localhost:3000/oauth/token", { grant_type: "client_credentials" }, secret);
const introspectCall = (secret: string) => call(introspection, "http://localhost:3000/oauth/introspect", { token: "not-a-token" }, secret);

beforeAll(async () => {
  setOffset(0);
  const profile = await createProfile();
  const scope = await createScope("rotating.read");
  await createOAuthClient({
    clientId: "svc-rotating",
    profileId: profile.id,
    scopeIds: [scope.id],
    // As after a rotation with a 7-day grace: the old secret expires in 7 days, the new one never.
    secrets: [{ value: "old-secret", expiresAt: new Date(Date.now() + 7 * DAY) }, { value: "new-secret" }],
  });
});
afterAll(() => fs.rmSync(clockFile, { force: true }));

describe("secret validity follows the portal's clock", () => {
  it("accepts the old secret during the grace, and refuses it with invalid_client once the clock passes it", async () => {
    expect((await tokenCall("old-secret")).status).toBe(200);
    expect((await introspectCall("old-secret")).status).toBe(200);

    setOffset(8 * DAY);
    const refused = await tokenCall("old-secret");
    expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 401, error: "invalid_client" });
    const refusedIntrospection = await introspectCall("old-secret");
    expect({ status: refusedIntrospection.status, error: refusedIntrospection.body.error }).toEqual({ status: 401, error: "invalid_client" });
    expect((await tokenCall("new-secret")).status).toBe(200);
    expect((await introspectCall("new-secret")).status).toBe(200);

    setOffset(0);
    expect((await tokenCall("old-secret")).status).toBe(200);
  });

  it("and the REST API shows it as the endpoints judge it: expired once the clock passes it", async () => {
    const client = await prisma.client.findUniqueOrThrow({ where: { clientId: "svc-rotating" }, select: { id: true } });
    const old = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: client.id, expiresAt: { not: null } }, select: secretView });
    expect(toApiSecret(old).status).toBe("active");
    setOffset(8 * DAY);
    expect(toApiSecret(old).status).toBe("expired");
    setOffset(0);
  });
});
