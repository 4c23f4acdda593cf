// The mail settings of /settings/mail against the real database and a real SMTP server (smtp-server
// on a loopback port): which settings win, the password sealed and never shown, who may change them.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentAdmin } from "@/lib/auth/session";
import { isEnvelope } from "@/lib/crypto/encryption";
import { mailEnabled, mailSettings } from "@/lib/notifications/email";
import { createTestAdmin, databaseContents, prisma, signInAs } from "@/lib/testing/db";
import { startSmtpReceiver, type SmtpReceiver } from "@/lib/testing/smtp-receiver.mjs";
import { inviteAdmin } from "@/lib/admins/actions";
import { removeMailSettings, saveMailSettings, sendTestMail } from "./actions";
import type { MailSettingsInput } from "./schema";

vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentAdmin: vi.fn() }));
// Auth.js itself does not load outside Next.js (the admins' actions import it for sign-in links).
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }), cookies: async () => ({ get: () => undefined }) }));

const PASSWORD = "smtp-Pa55word-that-must-not-leak";
let smtp: SmtpReceiver;
let owner: CurrentAdmin;
let editor: CurrentAdmin;
let auditor: CurrentAdmin;

beforeAll(async () => {
  smtp = await startSmtpReceiver({ auth: { user: "portal", pass: PASSWORD } });
  owner = await createTestAdmin("mail-owner@example.test", { role: "Owner" });
  editor = await createTestAdmin("mail-editor@example.test", { role: "Editor" });
  auditor = await createTestAdmin("mail-auditor@example.test", { role: "Auditor" });
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(async () => {
  vi.stubEnv("SMTP_URL", "");
  vi.stubEnv("SMTP_FROM", "");
  await signInAs(owner);
  await prisma.mailSetting.deleteMany();
  await prisma.auditEvent.deleteMany({ where: { targetType: "mailSettings" } });
  smtp.mails.length = 0;
});

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string; fieldErrors?: unknown }): T {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

const settings = (overrides: Partial<MailSettingsInput> = {}): MailSettingsInput => ({
  host: "127.0.0.1",
  port: String(smtp.port),
  security: "none",
  username: "portal",
  password: PASSWORD,
  passwordAction: "replace",
  from: "OIDC portal <portal@example.test>",
  version: 0,
  ...overrides,
});

describe("which SMTP settings the portal uses", () => {
  it("none without SMTP_URL or a saved setting: links are shown, not mailed", async () => {
    expect(await mailSettings()).toBeNull();
    expect(await mailEnabled()).toBe(false);
    const invited = ok(await inviteAdmin({ email: "nomail@example.test", name: "No mail", role: "Auditor", profileId: "", profileContextId: "" }));
    expect(invited.mailed).toBe(false);
  });

  it("the saved setting once an Owner saved it, seen at once through the cache", async () => {
    expect(await mailEnabled()).toBe(false); // cached as "none"…
    ok(await saveMailSettings(settings()));
    const effective = await mailSettings(); // …and the save is seen at the next lookup
    expect(effective).toMatchObject({ source: "page", server: `127.0.0.1:${smtp.port}`, from: "OIDC portal <portal@example.test>" });
    const invited = ok(await inviteAdmin({ email: "mailed@example.test", name: "Mailed", role: "Auditor", profileId: "", profileContextId: "" }));
    expect(invited.mailed).toBe(true);
  });

  it("SMTP_URL over the saved setting, and the page cannot change it then", async () => {
    ok(await saveMailSettings(settings()));
    vi.stubEnv("SMTP_URL", "smtp://env-user:env-pass@mail.env.test:2525");
    expect(await mailSettings()).toMatchObject({ source: "environment", server: "mail.env.test:2525" });
    const refused = await saveMailSettings(settings({ host: "other.example.test", version: 1, passwordAction: "keep", password: "" }));
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("SMTP_URL is set") });
    expect((await prisma.mailSetting.findUniqueOrThrow({ where: { id: 1 } })).host).toBe("127.0.0.1");
  });
});

describe("the password", () => {
  it("is stored only sealed, never returned, never in the audit log", async () => {
    const saved = ok(await saveMailSettings(settings()));
    expect(saved).toEqual({ version: 1, hasPassword: true });
    expect(JSON.stringify(saved)).not.toContain(PASSWORD);

    const row = await prisma.mailSetting.findUniqueOrThrow({ where: { id: 1 }, omit: { passwordEncrypted: false } });
    expect(isEnvelope(row.passwordEncrypted!)).toBe(true);
    expect(row.passwordEncrypted).not.toContain(PASSWORD);
    // Read by default, the row never carries it (lib/db/client.ts omits it).
    expect(Object.keys(await prisma.mailSetting.findUniqueOrThrow({ where: { id: 1 } }))).not.toContain("passwordEncrypted");
    expect((await databaseContents()).includes(Buffer.from(PASSWORD))).toBe(false);

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "mailSettings.updated" } });
    expect(audit.actorLabel).toBe(owner.email);
    expect(JSON.stringify(audit.changes)).not.toContain(PASSWORD);
    expect(audit.changes).toMatchObject({ host: { from: null, to: "127.0.0.1" }, security: { to: "none" }, password: { from: "not set", to: "set" } });
  });

  it("stays when the form keeps it, and the audit names only the fields that changed", async () => {
    ok(await saveMailSettings(settings()));
    const saved = ok(await saveMailSettings(settings({ from: "portal@example.test", passwordAction: "keep", password: "", version: 1 })));
    expect(saved).toEqual({ version: 2, hasPassword: true });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "mailSettings.updated" }, orderBy: { id: "desc" } });
    expect(audit.changes).toEqual({ from: { from: "OIDC portal <portal@example.test>", to: "portal@example.test" } });
    expect(smtp.mails).toHaveLength(0);
    const report = ok(await sendTestMail({}));
    expect(report.sent).toBe(true); // the kept password still signs in
  });

  it("goes when cleared, or when the user name is cleared", async () => {
    ok(await saveMailSettings(settings()));
    expect(ok(await saveMailSettings(settings({ passwordAction: "clear", password: "", version: 1 })))).toEqual({ version: 2, hasPassword: false });
    ok(await saveMailSettings(settings({ version: 2 })));
    expect(ok(await saveMailSettings(settings({ username: "", passwordAction: "keep", password: "", version: 3 })))).toEqual({
      version: 4,
      hasPassword: false,
    });
    const row = await prisma.mailSetting.findUniqueOrThrow({ where: { id: 1 }, omit: { passwordEncrypted: false } });
    expect(row.passwordEncrypted).toBeNull();
  });
});

describe("send a test mail", () => {
  it("mails the signed-in Owner through the saved settings", async () => {
    ok(await saveMailSettings(settings()));
    const report = ok(await sendTestMail({}));
    expect(report).toEqual({ sent: true, summary: `Sent to ${owner.email}: 127.0.0.1:${smtp.port} accepted the mail.` });
    const mail = await smtp.waitFor((m) => m.to.includes(owner.email));
    expect(mail.subject).toBe("Test mail from the OIDC client portal");
    expect(mail.from).toBe("OIDC portal <portal@example.test>");
    expect(mail.text).not.toContain(PASSWORD);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "mailSettings.testSent" } });
    expect(audit.changes).toMatchObject({ to: owner.email, outcome: "sent" });
  });

  it("says what the server answered when it refuses, never the password", async () => {
    ok(await saveMailSettings(settings({ password: `wrong-${PASSWORD}` })));
    const report = ok(await sendTestMail({}));
    expect(report.sent).toBe(false);
    expect(report.summary).toMatch(/^Not sent: SMTP: .*535/);
    expect(report.summary).not.toContain(PASSWORD);
    expect(smtp.mails).toHaveLength(0);
  });

  it("reports an unreachable server in bounded time", async () => {
    ok(await saveMailSettings(settings({ port: "1" })));
    const started = Date.now();
    const report = ok(await sendTestMail({}));
    expect(report.sent).toBe(false);
    expect(report.summary).toMatch(/^Not sent: SMTP: /);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("refuses with nothing set", async () => {
    expect(await sendTestMail({})).toMatchObject({ ok: false, message: expect.stringContaining("Save the mail settings first") });
  });
});

describe("saving", () => {
  it("answers every bad field next to the field, not with a failure", async () => {
    const refused = await saveMailSettings(settings({ host: "smtp://mail.example.test", port: "70000", from: "not an address", security: "ssl" as never }));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual(["from", "host", "port", "security"]);
    for (const port of ["abc", "", "0", "25.5", "-1"]) {
      const bad = await saveMailSettings(settings({ port }));
      expect(bad.ok ? [] : Object.keys(bad.fieldErrors ?? {})).toEqual(["port"]);
    }
    for (const host of ["mail.example.test:587", "two words", "-bad.example", "a/b"]) {
      const bad = await saveMailSettings(settings({ host }));
      expect(bad.ok ? [] : Object.keys(bad.fieldErrors ?? {})).toEqual(["host"]);
    }
    expect(Object.keys(((await saveMailSettings(settings({ password: "" }))) as { fieldErrors?: object }).fieldErrors ?? {})).toEqual(["password"]);
    expect(Object.keys(((await saveMailSettings(settings({ username: "" }))) as { fieldErrors?: object }).fieldErrors ?? {})).toEqual(["username"]);
    expect(await prisma.mailSetting.count()).toBe(0);
  });

  it("refuses a save based on an older version", async () => {
    ok(await saveMailSettings(settings()));
    ok(await saveMailSettings(settings({ host: "localhost", version: 1, passwordAction: "keep", password: "" })));
    const stale = await saveMailSettings(settings({ host: "stale.example.test", version: 1, passwordAction: "keep", password: "" }));
    expect(stale).toMatchObject({ ok: false, message: expect.stringContaining("changed by someone else") });
    const first = await saveMailSettings(settings({ version: 0 }));
    expect(first).toMatchObject({ ok: false, message: expect.stringContaining("changed by someone else") });
    expect((await prisma.mailSetting.findUniqueOrThrow({ where: { id: 1 } })).host).toBe("localhost");
  });

  it("is for Owners only, refused inside the action", async () => {
    for (const admin of [editor, auditor]) {
      await signInAs(admin);
      expect(await saveMailSettings(settings())).toMatchObject({ ok: false, code: "forbidden" });
      expect(await sendTestMail({})).toMatchObject({ ok: false, code: "forbidden" });
      expect(await removeMailSettings({ version: 1 })).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await prisma.mailSetting.count()).toBe(0);
    expect(smtp.mails).toHaveLength(0);
  });
});

describe("removing", () => {
  it("deletes the setting, password and all: no mail is sent after, and the audit names what went, never the password", async () => {
    ok(await saveMailSettings(settings()));
    expect(await mailEnabled()).toBe(true);
    expect(ok(await removeMailSettings({ version: 1 }))).toEqual({ removed: true });
    expect(await prisma.mailSetting.count()).toBe(0);
    expect(await mailEnabled()).toBe(false);
    const invited = ok(await inviteAdmin({ email: "after-removal@example.test", name: "After", role: "Auditor", profileId: "", profileContextId: "" }));
    expect(invited.mailed).toBe(false);

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "mailSettings.removed" } });
    expect(audit.actorLabel).toBe(owner.email);
    expect(audit.changes).toMatchObject({ host: { from: "127.0.0.1", to: null }, from: { to: null }, password: { from: "set", to: "not set" } });
    expect(JSON.stringify(audit.changes)).not.toContain(PASSWORD);

    // Set again from scratch: the form's version starts over.
    expect(ok(await saveMailSettings(settings()))).toEqual({ version: 1, hasPassword: true });
  });

  it("refuses when someone saved since, when nothing is saved, and while SMTP_URL overrides the page", async () => {
    expect(await removeMailSettings({ version: 1 })).toMatchObject({ ok: false, message: "No mail settings are saved: there is nothing to remove." });
    ok(await saveMailSettings(settings()));
    ok(await saveMailSettings(settings({ host: "localhost", version: 1, passwordAction: "keep", password: "" })));
    expect(await removeMailSettings({ version: 1 })).toMatchObject({ ok: false, message: expect.stringContaining("changed by someone else") });
    vi.stubEnv("SMTP_URL", "smtp://mail.env.test:2525");
    expect(await removeMailSettings({ version: 2 })).toMatchObject({ ok: false, message: expect.stringContaining("SMTP_URL is set") });
    expect(await prisma.mailSetting.count()).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "mailSettings.removed" } })).toBe(0);
  });

  it("answers bad input as a refusal, not a failure", async () => {
    for (const input of [{}, { version: 0 }, { version: "1" }, null]) {
      expect(await removeMailSettings(input as never)).toMatchObject({ ok: false });
    }
  });
});
