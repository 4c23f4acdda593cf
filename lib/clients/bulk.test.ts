// Bulk actions on the clients list (docs/decisions/031), through the server actions, signed in as
// the people involved: each client through its own service (its audit event, its four-eyes fence),
// "everything matching" re-run on the server within the caller's reach.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { parsePortalJson } from "@/lib/config/portal-json";
import { hashSecret } from "@/lib/secrets/secret";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { applied, clientFormInput, clientRow } from "@/lib/testing/fixtures";
import { bulkChangeClients, createClient, exportClients, setClientEnabled } from "./actions";
import { bulkSummary, type BulkOutcome } from "./bulk-rules";
import type { BulkClientChangeInput } from "./bulk-schema";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));

let owner: CurrentAdmin;
let editor: CurrentAdmin;
let salesEditor: CurrentAdmin;
let openId: string;
let governedId: string;

beforeAll(async () => {
  openId = (await prisma.profile.create({ data: { identifier: "Open", displayName: "Open" } })).id;
  governedId = (await prisma.profile.create({ data: { identifier: "Governed", displayName: "Governed", requireApproval: true } })).id;
  await prisma.profileContext.createMany({
    data: [
      { id: -2, category: "Department", d0: "Sales" },
      { id: -3, category: "Department", d0: "HR" },
    ],
  });
  owner = await createTestAdmin("owner@example.test");
  editor = await createTestAdmin("editor@example.test", { role: "Editor" });
  salesEditor = await createTestAdmin("sales-editor@example.test", { role: "Editor", reach: { kind: "context", profileId: openId, profileContextId: -2 } });
});

beforeEach(() => signInAs(owner));

/** Clients written straight to the database: `prefix-1`, `prefix-2`… of the open profile, with overrides. */
async function clients(prefix: string, n: number, overrides: Parameters<typeof clientRow>[2] = {}) {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) ids.push((await prisma.client.create({ data: clientRow(`${prefix}-${i}`, openId, overrides), select: { id: true } })).id);
  return ids;
}

async function bulk(input: BulkClientChangeInput): Promise<BulkOutcome> {
  const result = await bulkChangeClients(input);
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.data;
}

const events = (action: string, ids: string[]) => prisma.auditEvent.count({ where: { action, targetId: { in: ids } } });
/** Each client's enabled switch, in the order of `ids`. */
const enabledOf = async (ids: string[]) => {
  const rows = await prisma.client.findMany({ where: { id: { in: ids } }, select: { id: true, enabled: true } });
  return ids.map((id) => rows.find((r) => r.id === id)?.enabled);
};

describe("disable and enable", () => {
  it("disables the ticked clients, one client.disabled event each; one already disabled is left as it is", async () => {
    const ids = await clients("tick", 3);
    await prisma.client.update({ where: { id: ids[2] }, data: { enabled: false } });
    const outcome = await bulk({ target: { kind: "selection", ids }, action: { kind: "disable" } });
    expect(outcome).toMatchObject({ applied: 2, proposed: 0, unchanged: 1, refused: [] });
    expect(bulkSummary(outcome)).toBe("2 applied, 0 waiting for approval, 1 already so, 0 refused.");
    expect(await enabledOf(ids)).toEqual([false, false, false]);
    expect(await events("client.disabled", ids)).toBe(2);
    expect((await prisma.client.findMany({ where: { id: { in: ids } }, orderBy: { clientId: "asc" } })).map((c) => c.version)).toEqual([2, 2, 1]);

    // The same event as the single action's, field for field.
    const [single] = await clients("tick-single", 1);
    applied(await setClientEnabled({ id: single!, enabled: false }));
    const shape = ({ action, actorType, actorId, actorLabel, targetType, changes }: Record<string, unknown>) => ({
      action,
      actorType,
      actorId,
      actorLabel,
      targetType,
      changes,
    });
    const [bulkEvent, singleEvent] = await Promise.all(
      [ids[0]!, single!].map((id) => prisma.auditEvent.findFirstOrThrow({ where: { action: "client.disabled", targetId: id } })),
    );
    expect(shape(bulkEvent!)).toEqual(shape(singleEvent!));
    expect(bulkEvent!.targetLabel).toBe("tick-1");
  });

  it("re-runs the list's filter on the server and refuses a count that no longer matches, changing nothing", async () => {
    const ids = await clients("match", 4, { enabled: false });
    const refused = await bulkChangeClients({ target: { kind: "matching", search: "q=match-&enabled=no", count: 3 }, action: { kind: "enable" } });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("now matches 4 clients, not the 3 you confirmed") });
    expect(await enabledOf(ids)).toEqual([false, false, false, false]);

    const outcome = await bulk({ target: { kind: "matching", search: "q=match-&enabled=no", count: 4 }, action: { kind: "enable" } });
    expect(outcome).toMatchObject({ applied: 4, refused: [] });
    expect(await enabledOf(ids)).toEqual([true, true, true, true]);
    expect(await events("client.enabled", ids)).toBe(4);
  });

  it("keeps a context-bound admin's 'everything matching' inside their context, and their ticked ids too", async () => {
    const sales = await clients("reach-sales", 2, { profileContextId: -2 });
    const hr = await clients("reach-hr", 2, { profileContextId: -3 });
    await signInAs(salesEditor);
    // The filter names no context, and matches four clients portal-wide: the admin sees two.
    const wider = await bulkChangeClients({ target: { kind: "matching", search: "q=reach-", count: 4 }, action: { kind: "disable" } });
    expect(wider).toMatchObject({ ok: false, message: expect.stringContaining("now matches 2 clients") });
    expect(await enabledOf([...hr, ...sales])).toEqual([true, true, true, true]);

    // Even a filter on the other context matches nothing within reach.
    const other = await bulkChangeClients({ target: { kind: "matching", search: "context=-3", count: 2 }, action: { kind: "disable" } });
    expect(other).toMatchObject({ ok: false, message: expect.stringContaining("now matches 0 clients") });

    expect(await bulk({ target: { kind: "matching", search: "q=reach-", count: 2 }, action: { kind: "disable" } })).toMatchObject({ applied: 2 });
    expect(await enabledOf(hr)).toEqual([true, true]);
    expect(await enabledOf(sales)).toEqual([false, false]);

    const ticked = await bulk({ target: { kind: "selection", ids: [...hr, sales[0]!] }, action: { kind: "enable" } });
    expect(ticked).toMatchObject({ applied: 1, refused: [{ reason: "It no longer exists, or it is outside your reach.", count: 2 }] });
    expect(await enabledOf(hr)).toEqual([true, true]);
    expect(await events("client.disabled", hr)).toBe(0);
  });

  it("counts a client beyond the admin's power as refused, with the reason, and changes the others", async () => {
    const [plain] = await clients("power-plain", 1);
    const [powerful] = await clients("power-owner", 1, { adminApiRole: "Owner" });
    await signInAs(editor);
    const outcome = await bulk({ target: { kind: "selection", ids: [plain!, powerful!] }, action: { kind: "disable" } });
    expect(outcome.applied).toBe(1);
    expect(outcome.refused).toEqual([{ reason: expect.stringContaining("more than you hold"), count: 1, clientIds: ["power-owner-1"] }]);
    expect(await enabledOf([plain!, powerful!])).toEqual([false, true]);
  });
});

describe("four-eyes", () => {
  it("turns each governed client's change into its own change request and applies the others", async () => {
    const open = await clients("fe-open", 2);
    const governed: string[] = [];
    for (let i = 1; i <= 3; i++) {
      governed.push((await prisma.client.create({ data: clientRow(`fe-gov-${i}`, governedId), select: { id: true } })).id);
    }
    const outcome = await bulk({ target: { kind: "matching", search: "q=fe-", count: 5 }, action: { kind: "disable" }, reason: "Decommissioned" });
    expect(bulkSummary(outcome)).toBe("2 applied, 3 waiting for approval, 0 refused.");
    expect(await enabledOf(governed)).toEqual([true, true, true]);
    expect(await enabledOf(open)).toEqual([false, false]);
    const requests = await prisma.changeRequest.findMany({ where: { clientInternalId: { in: governed } } });
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.kind === "disable" && r.status === "open" && r.reason === "Decommissioned" && r.authorId === owner.id)).toBe(true);
    expect(await events("client.disabled", [...open, ...governed])).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "changeRequest.proposed", targetId: { in: requests.map((r) => r.id) } } })).toBe(3);
  });
});

describe("assign a profile context", () => {
  it("moves clients through the edit service: client.updated with the context's diff", async () => {
    const ids = await clients("ctx", 2);
    const outcome = await bulk({ target: { kind: "selection", ids }, action: { kind: "assignContext", profileContextId: "-3" } });
    expect(outcome).toMatchObject({ applied: 2, refused: [] });
    expect((await prisma.client.findMany({ where: { id: { in: ids } } })).map((c) => [c.profileContextId, c.version])).toEqual([
      [-3, 2],
      [-3, 2],
    ]);
    const updated = await prisma.auditEvent.findMany({ where: { action: "client.updated", targetId: { in: ids } } });
    expect(updated).toHaveLength(2);
    expect(updated[0]!.changes).toEqual({ profileContextId: { from: null, to: -3 } });
  });

  it("refuses a context-bound admin another context, and an unknown context on its field", async () => {
    const ids = await clients("ctx-bound", 1, { profileContextId: -2 });
    await signInAs(salesEditor);
    expect(await bulkChangeClients({ target: { kind: "selection", ids }, action: { kind: "assignContext", profileContextId: "-3" } })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    await signInAs(owner);
    expect(await bulkChangeClients({ target: { kind: "selection", ids }, action: { kind: "assignContext", profileContextId: "-99" } })).toMatchObject({
      ok: false,
      fieldErrors: { "action.profileContextId": ["This profile context no longer exists. Choose another."] },
    });
    expect((await prisma.client.findUniqueOrThrow({ where: { id: ids[0] } })).profileContextId).toBe(-2);
  });
});

describe("rotate secrets", () => {
  it("rotates each client's newest active secret, returns each new value once, and refuses a client without one", async () => {
    const made = [];
    for (const n of [1, 2]) made.push(applied(await createClient(clientFormInput(openId, { clientId: `rot-${n}` }))));
    const [publicClient] = await clients("rot-public", 1, {
      flow: "AuthorizationCode",
      tokenEndpointAuthMethod: "none",
      redirectUris: ["https://a.example/cb"],
    });
    const outcome = await bulk({ target: { kind: "selection", ids: [...made.map((c) => c.id), publicClient!] }, action: { kind: "rotate", graceDays: 3 } });
    expect(outcome).toMatchObject({ applied: 2, refused: [{ reason: expect.stringContaining("no active secret to rotate"), count: 1 }] });
    expect(outcome.secrets.map((s) => s.clientId)).toEqual(["rot-1", "rot-2"]);
    for (const [i, client] of made.entries()) {
      const secrets = await prisma.secret.findMany({ where: { clientInternalId: client.id }, select: { hash: true, rotatedAt: true } });
      expect(secrets).toHaveLength(2);
      expect(secrets.find((s) => s.rotatedAt)?.hash).toBe(hashSecret(client.secret!.value));
      expect(secrets.find((s) => !s.rotatedAt)?.hash).toBe(hashSecret(outcome.secrets[i]!.value));
    }
    expect(
      await events(
        "secret.rotated",
        made.map((c) => c.id),
      ),
    ).toBe(2);
    const audit = JSON.stringify(await prisma.auditEvent.findMany({ where: { targetId: { in: made.map((c) => c.id) } } }));
    for (const s of outcome.secrets) expect(audit).not.toContain(s.value);
  });

  it("refuses more than 100 clients at once and a grace out of bounds, before anything is read", async () => {
    const tooMany = await bulkChangeClients({ target: { kind: "matching", search: "", count: 101 }, action: { kind: "rotate", graceDays: 3 } });
    expect(tooMany).toMatchObject({ ok: false, fieldErrors: { target: ["Rotate at most 100 clients' secrets at once."] } });
    const grace = await bulkChangeClients({ target: { kind: "matching", search: "", count: 1 }, action: { kind: "rotate", graceDays: 0 } });
    expect(grace).toMatchObject({ ok: false, fieldErrors: { "action.graceDays": [expect.any(String)] } });
  });
});

describe("delete", () => {
  it("needs the count typed, then deletes each client with its own client.deleted event", async () => {
    const ids = await clients("del", 2);
    expect(await bulkChangeClients({ target: { kind: "selection", ids }, action: { kind: "delete", confirmation: "delete 3" } })).toMatchObject({
      ok: false,
      fieldErrors: { "action.confirmation": ['Type "delete 2" to confirm.'] },
    });
    expect(await prisma.client.count({ where: { id: { in: ids } } })).toBe(2);
    expect(await bulk({ target: { kind: "selection", ids }, action: { kind: "delete", confirmation: "Delete 2" } })).toMatchObject({ applied: 2 });
    expect(await prisma.client.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await events("client.deleted", ids)).toBe(2);
  });
});

describe("bad input", () => {
  it("answers every malformed request with field errors, never a failure", async () => {
    for (const input of [
      {},
      { target: { kind: "selection", ids: [] }, action: { kind: "disable" } },
      { target: { kind: "selection", ids: Array.from({ length: 101 }, (_, i) => `x${i}`) }, action: { kind: "disable" } },
      { target: { kind: "matching", search: "q=x", count: 10_001 }, action: { kind: "disable" } },
      { target: { kind: "matching", search: "x".repeat(5000), count: 1 }, action: { kind: "disable" } },
      { target: { kind: "matching", search: "", count: 1 }, action: { kind: "explode" } },
      { target: { kind: "matching", search: "", count: 1 }, action: { kind: "assignContext", profileContextId: "sales" } },
    ]) {
      const result = await bulkChangeClients(input as BulkClientChangeInput);
      expect(result).toMatchObject({ ok: false, message: "Some fields need attention." });
    }
  });
});

describe("export", () => {
  it("exports the ticked clients in the portal JSON shape with what they name, each export audited; Owners only", async () => {
    const ids = await clients("exp", 2, { profileContextId: -2 });
    await clients("exp-other", 1);
    const result = await exportClients({ target: { kind: "matching", search: "q=exp-&context=-2", count: 2 } });
    if (!result.ok) throw new Error(result.message);
    expect(parsePortalJson(result.data.body).problems).toEqual([]);
    const document = JSON.parse(result.data.body);
    expect(document.clients.map((c: { client_id: string }) => c.client_id)).toEqual(["exp-1", "exp-2"]);
    expect(document.profiles.map((p: { identifier: string }) => p.identifier)).toEqual(["Open"]);
    expect(document.profile_contexts.map((c: { id: number }) => c.id)).toEqual([-2]);
    expect(document.identity_providers).toEqual([]);
    expect(await events("client.exported", ids)).toBe(2);

    // A ticked client deleted meanwhile is not in the file, and the answer says so.
    await prisma.client.delete({ where: { id: ids[0] } });
    const fewer = await exportClients({ target: { kind: "selection", ids } });
    if (!fewer.ok) throw new Error(fewer.message);
    expect(JSON.parse(fewer.data.body).clients.map((c: { client_id: string }) => c.client_id)).toEqual(["exp-2"]);
    expect(fewer.data).toMatchObject({ count: 1, refused: [{ count: 1, reason: "It no longer exists, or it is outside your reach." }] });

    await signInAs(editor);
    expect(await exportClients({ target: { kind: "selection", ids } })).toMatchObject({ ok: false, code: "forbidden" });
  });
});
