import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAdmin, prisma } from "@/lib/testing/db";
import { clientRow } from "@/lib/testing/fixtures";
import { startSmtpReceiver } from "@/lib/testing/smtp-receiver.mjs";
import { expiryThreshold, scanSecretExpiry } from "./secret-expiry";
import { createOutboxWorker } from "./worker";

// Expiry warnings 30, 7 and 1 days before a client or scope secret expires, once per threshold, by
// mail (a real SMTP server) to the active Owners and the emails among the client's owners/contacts.

const DAY = 24 * 60 * 60 * 1000;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
const start = new Date("2027-01-01T12:00:00Z");
let ids: Record<string, string>;

async function secret(data: { clientInternalId?: string; scopeId?: string; days: number; description: string; revoked?: boolean }) {
  const row = await prisma.secret.create({
    data: {
      clientInternalId: data.clientInternalId ?? null,
      scopeId: data.scopeId ?? null,
      hash: `hash-${data.description}-never-mailed`,
      hint: "HINT",
      description: data.description,
      expiresAt: new Date(start.getTime() + data.days * DAY),
      createdBy: "owner@example.test",
      createdAt: start,
      revokedAt: data.revoked ? start : null,
    },
  });
  return row.id;
}

const deliver = (at: Date) => createOutboxWorker({ now: () => at, settings: { retryBaseMs: 10 } }).runOnce();
const mailsAbout = (description: string) => smtp.mails.filter((mail) => mail.text.includes(`"${description}"`));

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  process.env.SMTP_URL = smtp.url;
  process.env.PORTAL_URL = "https://portal.example.test";
  await createTestAdmin("olga.owner@example.test", { role: "Owner" });
  const gone = await createTestAdmin("otto.disabled@example.test", { role: "Owner" });
  await prisma.adminUser.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
  await createTestAdmin("eddie.editor@example.test", { role: "Editor" });
  const profile = await prisma.profile.create({ data: { identifier: "Expiry", displayName: "Expiry" } });
  const client = await prisma.client.create({
    data: clientRow("billing-api", profile.id, { displayName: "Billing API", owners: ["Team Alpha", "team-a@example.test"], contacts: ["Carla@Example.test"] }),
  });
  const disabled = await prisma.client.create({ data: clientRow("old-api", profile.id, { enabled: false }) });
  const scope = await prisma.scope.create({ data: { name: "orders.read", displayName: "Orders" } });
  ids = {
    client: client.id,
    later: await secret({ clientInternalId: client.id, days: 40, description: "later" }),
    soon: await secret({ clientInternalId: client.id, days: 20, description: "soon" }),
    scope: await secret({ scopeId: scope.id, days: 5, description: "scope key" }),
    revoked: await secret({ clientInternalId: client.id, days: 3, description: "revoked", revoked: true }),
    disabled: await secret({ clientInternalId: disabled.id, days: 3, description: "disabled client" }),
  };
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

describe("expiryThreshold", () => {
  it("is the smallest threshold the expiry is within, null beyond 30 days or once expired", () => {
    const at = (days: number) => new Date(start.getTime() + days * DAY);
    expect([40, 30.01, 30, 20, 7, 6.9, 1, 0.5, 0, -1].map((days) => expiryThreshold(at(days), start))).toEqual([null, null, 30, 30, 7, 7, 1, 1, null, null]);
  });
});

describe("the expiry scan", () => {
  it("warns once per secret and threshold, to the Owners and the client's emails, never naming the secret's value", async () => {
    expect(await scanSecretExpiry(start)).toBe(2); // "soon" (30 days) and the scope secret (7 days)
    expect(await scanSecretExpiry(start)).toBe(0); // written already
    expect(await deliver(start)).toBe(2);
    const [soon] = mailsAbout("soon");
    expect(soon!.subject).toBe("A secret of the client billing-api expires within 30 days");
    expect(soon!.envelopeTo.sort()).toEqual(["carla@example.test", "olga.owner@example.test", "team-a@example.test"]);
    expect(soon!.text).toContain("A secret of the client billing-api (Billing API) expires on 21 Jan 2027, 12:00 UTC.");
    expect(soon!.text).toContain(`https://portal.example.test/clients/${ids.client}`);
    const [scope] = mailsAbout("scope key");
    expect(scope!.subject).toBe("A secret of the scope orders.read expires within 7 days");
    expect(scope!.envelopeTo).toEqual(["olga.owner@example.test"]);
    for (const mail of smtp.mails) {
      expect(mail.text).not.toContain("HINT");
      expect(mail.text).not.toContain("never-mailed");
    }
    expect(mailsAbout("revoked")).toHaveLength(0);
    expect(mailsAbout("disabled client")).toHaveLength(0);

    // Two weeks on: "later" enters 30 days, "soon" 7 days; the scope secret's next is 1 day.
    const twoWeeks = new Date(start.getTime() + 14 * DAY);
    expect(await scanSecretExpiry(twoWeeks)).toBe(2);
    await deliver(twoWeeks);
    expect(mailsAbout("soon").map((mail) => mail.subject)).toEqual([
      "A secret of the client billing-api expires within 30 days",
      "A secret of the client billing-api expires within 7 days",
    ]);
    expect(mailsAbout("later")).toHaveLength(1);

    // The last day: one more for "soon"; the scan after it writes nothing again.
    const lastDay = new Date(start.getTime() + 19.5 * DAY);
    expect(await scanSecretExpiry(lastDay)).toBe(1);
    expect(await scanSecretExpiry(lastDay)).toBe(0);
    await deliver(lastDay);
    expect(mailsAbout("soon")).toHaveLength(3);
    expect(mailsAbout("soon")[2]!.subject).toBe("A secret of the client billing-api expires within 1 day");
  });

  it("does not send a warning for a secret revoked after the scan", async () => {
    const id = await secret({ clientInternalId: ids.client, days: 6, description: "revoked later" });
    expect(await scanSecretExpiry(start)).toBe(1);
    await prisma.secret.update({ where: { id }, data: { revokedAt: new Date() } });
    await deliver(start);
    expect(mailsAbout("revoked later")).toHaveLength(0);
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: `secret-expiry:${id}:` } } });
    expect(row).toMatchObject({ lastError: "Not sent: the secret was revoked", nextAttemptAt: null });
  });
});
