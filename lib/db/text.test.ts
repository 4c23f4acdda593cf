// Search is case-insensitive on both databases (SQLite's LIKE; PostgreSQL's ILIKE through
// `mode: "insensitive"`). Runs on whichever database the suite runs on (npm test runs both).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { clientListQuerySchema } from "@/lib/clients/list-query";
import { ALL } from "@/lib/auth/reach";
import { listClients } from "@/lib/clients/queries";
import { listScopes } from "@/lib/scopes/queries";
import { auditListQuerySchema } from "@/lib/audit/list-query";
import { listAuditEvents } from "@/lib/audit/queries";
import { recordAudit } from "@/lib/audit/audit";
import { prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { databaseKind, resolveDatabaseUrl } from "./database-url.mjs";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn(), requireAdmin: vi.fn() }));

beforeAll(async () => {
  const profile = await prisma.profile.create({ data: { identifier: "search-profile", displayName: "Search" } });
  await prisma.client.create({ data: clientRow("Orders-API", profile.id, { displayName: "Order Service" }) });
  await prisma.client.create({ data: clientRow("billing", profile.id, { displayName: "BILLING Sync" }) });
  await prisma.client.create({ data: clientRow("percent%_literal", profile.id, { displayName: "Literal" }) });
  await prisma.scope.create({ data: { name: "Orders.Read", displayName: "Read ORDERS" } });
  await prisma.$transaction((tx) =>
    recordAudit(
      tx,
      { type: "admin", id: "a1", label: "Alice@Example.test" },
      { action: "client.created", target: { type: "client", id: "c1", label: "Orders-API" } },
    ),
  );
});

const clientIds = async (q: string) => (await listClients(clientListQuerySchema.parse({ q }), ALL)).rows.map((r) => r.clientId).sort();

describe("case-insensitive search", () => {
  it("finds clients by client_id or display name whatever the case", async () => {
    expect(await clientIds("orders")).toEqual(["Orders-API"]);
    expect(await clientIds("ORDER SERV")).toEqual(["Orders-API"]);
    expect(await clientIds("billing sync")).toEqual(["billing"]);
  });

  it("treats % and _ as plain characters on PostgreSQL, as wildcards on SQLite (lib/db/text.ts)", async () => {
    expect(await clientIds("%_")).toContain("percent%_literal");
    if (databaseKind(resolveDatabaseUrl()) === "postgresql") {
      expect(await clientIds("%_")).toEqual(["percent%_literal"]);
      expect(await clientIds("t%l")).toEqual([]);
    } else {
      expect(await clientIds("t%l")).toEqual(["percent%_literal"]);
    }
  });

  it("finds scopes and audit events whatever the case", async () => {
    expect((await listScopes("orders.READ")).map((s) => s.name)).toEqual(["Orders.Read"]);
    expect((await listScopes("read orders")).map((s) => s.name)).toEqual(["Orders.Read"]);
    expect((await listAuditEvents(auditListQuerySchema.parse({ target: "orders-api" }))).total).toBe(1);
    expect((await listAuditEvents(auditListQuerySchema.parse({ actor: "ALICE" }))).total).toBe(1);
  });
});
