import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ALL } from "@/lib/auth/reach";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput } from "@/lib/testing/fixtures";
import { createScope } from "@/lib/testing/oauth";
import { createClient, updateClient } from "./actions";
import { clientFormValues } from "./form-values";
import { CLIENT_SORTS, clientListQuerySchema } from "./list-query";
import { getClient, listClients } from "./queries";
import type { CreateClientInput } from "./schema";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

// Every filter and sort of the clients list against a real database (SQLite, and PostgreSQL with
// PORTAL_TEST_DATABASE=postgresql). The clients are made through the action, so the lookups the
// owner and host filters read are the ones the service writes.

let admin: CurrentAdmin;
const DAY = 86_400_000;
const ids: Record<string, string> = {};

async function created(name: string, profileId: string, overrides: Partial<CreateClientInput>) {
  ids[name] = applied(await createClient(clientFormInput(profileId, { clientId: `lf-${name}`, displayName: `List ${name}`, ...overrides }))).id;
}

/** The clients (short names) a query finds, sorted by name. */
async function found(params: Record<string, string>) {
  const page = await listClients(clientListQuerySchema.parse({ q: "lf-", size: "100", ...params }), ALL);
  return page.rows.map((r) => r.clientId.slice(3)).sort();
}

beforeAll(async () => {
  admin = await createTestAdmin();
  signInAs(admin);
  const alpha = await prisma.profile.create({ data: { identifier: "ListAlpha", displayName: "Alpha list" } });
  const beta = await prisma.profile.create({ data: { identifier: "ListBeta", displayName: "Beta list" } });
  await prisma.profileContext.create({ data: { id: -42, category: "Department", d0: "Shop" } });
  const scope = await createScope("orders.read");
  await created("cc", alpha.id, { owners: "Team-Orders" });
  await created("web", beta.id, {
    flow: "AuthorizationCode",
    tokenEndpointAuthMethod: "client_secret_post",
    profileContextId: "-42",
    redirectUris: "https://app.shop.example.com/cb",
    scopeIds: [scope.id],
    contacts: "alice@example.com",
  });
  await created("spa", alpha.id, {
    flow: "AuthorizationCode",
    tokenEndpointAuthMethod: "none",
    redirectUris: "https://spa.example.org/cb\nhttp://localhost:3000/cb",
    scopeIds: [scope.id],
    enabled: false,
  });
  await created("hybrid", beta.id, {
    flow: "Hybrid",
    redirectUris: "https://shop.example.com/cb",
    expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
  });
  await created("old", alpha.id, {});
  await prisma.client.update({ where: { id: ids.old }, data: { expiresAt: new Date(Date.now() - DAY) } });
  ids.scope = scope.id;
});

beforeEach(() => signInAs(admin));

describe("the clients list's filters", () => {
  it("enabled", async () => {
    expect(await found({ enabled: "yes" })).toEqual(["cc", "hybrid", "old", "web"]);
    expect(await found({ enabled: "no" })).toEqual(["spa"]);
  });

  it("flow, auth method, public or confidential", async () => {
    expect(await found({ flow: "AuthorizationCode" })).toEqual(["spa", "web"]);
    expect(await found({ flow: "Hybrid" })).toEqual(["hybrid"]);
    expect(await found({ flow: "Implicit" })).toEqual([]);
    expect(await found({ auth: "client_secret_post" })).toEqual(["web"]);
    expect(await found({ auth: "none" })).toEqual(["spa"]);
    expect(await found({ type: "public" })).toEqual(["spa"]);
    expect(await found({ type: "confidential" })).toEqual(["cc", "hybrid", "old", "web"]);
  });

  it("profile context and scope", async () => {
    expect(await found({ context: "-42" })).toEqual(["web"]);
    expect(await found({ context: "-43" })).toEqual([]);
    expect(await found({ scope: ids.scope! })).toEqual(["spa", "web"]);
    expect(await found({ scope: "no-such-scope" })).toEqual([]);
  });

  it("owner or contact: the whole entry, case aside", async () => {
    expect(await found({ owner: "team-orders" })).toEqual(["cc"]);
    expect(await found({ owner: "ALICE@example.com" })).toEqual(["web"]);
    expect(await found({ owner: "team" })).toEqual([]);
  });

  it("redirect-URI host: the host, or a domain above it", async () => {
    expect(await found({ host: "example.com" })).toEqual(["hybrid", "web"]);
    expect(await found({ host: "shop.example.com" })).toEqual(["hybrid", "web"]);
    expect(await found({ host: "APP.shop.example.com" })).toEqual(["web"]);
    expect(await found({ host: "https://spa.example.org/anything" })).toEqual(["spa"]);
    expect(await found({ host: "localhost" })).toEqual(["spa"]);
    expect(await found({ host: "example" })).toEqual([]);
    expect(await found({ host: "%" })).toEqual([]);
  });

  it("follows an edit: the old host and owner no longer find the client, the new ones do", async () => {
    const { clientId: _immutable, ...values } = clientFormValues((await getClient(ids.web!, ALL))!);
    const result = await updateClient({ ...values, redirectUris: "https://portal.example.net/cb", contacts: "bob@example.com" });
    expect(result.ok).toBe(true);
    expect(await found({ host: "example.com" })).toEqual(["hybrid"]);
    expect(await found({ host: "example.net" })).toEqual(["web"]);
    expect(await found({ owner: "alice@example.com" })).toEqual([]);
    expect(await found({ owner: "bob@example.com" })).toEqual(["web"]);
  });

  it("last used: never, or not for N days", async () => {
    expect(await found({ unused: "never" })).toEqual(["cc", "hybrid", "old", "spa", "web"]);
    await prisma.client.update({ where: { id: ids.cc }, data: { lastTokenAt: new Date(Date.now() - 200 * DAY) } });
    await prisma.secret.updateMany({ where: { clientInternalId: ids.hybrid }, data: { lastUsedAt: new Date() } });
    expect(await found({ unused: "never" })).toEqual(["old", "spa", "web"]);
    // Created just now: none is unused for 180 days, though cc's last token is older.
    expect(await found({ unused: "180" })).toEqual([]);
  });

  it("expiring soon (the client or a secret), and filters together", async () => {
    expect(await found({ attention: "expires-7" })).toEqual(["hybrid"]);
    expect(await found({ flow: "AuthorizationCode", enabled: "yes" })).toEqual(["web"]);
    expect(await found({ type: "confidential", status: "expired" })).toEqual(["old"]);
  });
});

describe("the clients list's sorts", () => {
  const rows = async (sort: string, dir: string) =>
    (await listClients(clientListQuerySchema.parse({ q: "lf-", size: "100", sort, dir }), ALL)).rows.map((r) => ({
      name: r.clientId.slice(3),
      flow: r.flow,
      profile: r.profile.displayName,
      expiresAt: r.expiresAt?.getTime() ?? null,
      updatedAt: r.updatedAt.getTime(),
    }));
  // Equal sort values come in the internal id's order: compare what the sort looks at.
  const ascending = <T>(list: T[]) => list.every((v, i) => i === 0 || list[i - 1]! <= v);

  it("sorts every column both ways", async () => {
    const by = async (sort: (typeof CLIENT_SORTS)[number], key: keyof Awaited<ReturnType<typeof rows>>[number]) => {
      const asc = (await rows(sort, "asc")).map((r) => r[key]);
      const desc = (await rows(sort, "desc")).map((r) => r[key]);
      return { asc, desc };
    };
    expect(await by("createdAt", "name")).toEqual({ asc: ["cc", "web", "spa", "hybrid", "old"], desc: ["old", "hybrid", "spa", "web", "cc"] });
    expect(await by("clientId", "name")).toEqual({ asc: ["cc", "hybrid", "old", "spa", "web"], desc: ["web", "spa", "old", "hybrid", "cc"] });
    expect(await by("displayName", "name")).toEqual({ asc: ["cc", "hybrid", "old", "spa", "web"], desc: ["web", "spa", "old", "hybrid", "cc"] });
    expect(await by("flow", "flow")).toEqual({
      asc: ["AuthorizationCode", "AuthorizationCode", "ClientCredentials", "ClientCredentials", "Hybrid"],
      desc: ["Hybrid", "ClientCredentials", "ClientCredentials", "AuthorizationCode", "AuthorizationCode"],
    });
    expect(await by("profile", "profile")).toEqual({
      asc: ["Alpha list", "Alpha list", "Alpha list", "Beta list", "Beta list"],
      desc: ["Beta list", "Beta list", "Alpha list", "Alpha list", "Alpha list"],
    });
    // Active (never expiring, then by the latest expiry), expired, disabled; and the other way round.
    const status = await by("status", "name");
    expect(status.asc.slice(2)).toEqual(["hybrid", "old", "spa"]);
    expect(status.asc.slice(0, 2).sort()).toEqual(["cc", "web"]);
    expect(status.desc.slice(0, 3)).toEqual(["spa", "old", "hybrid"]);
    const expiring = (await rows("expiresAt", "asc")).filter((r) => r.expiresAt !== null).map((r) => r.name);
    expect(expiring).toEqual(["old", "hybrid"]);
    expect(ascending((await rows("updatedAt", "asc")).map((r) => r.updatedAt))).toBe(true);
    expect(ascending((await rows("updatedAt", "desc")).map((r) => -r.updatedAt))).toBe(true);
  });
});
