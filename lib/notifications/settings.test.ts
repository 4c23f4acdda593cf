import { describe, expect, it } from "vitest";
import { environmentMailSettings } from "./email";
import { OUTBOX_DEFAULTS, outboxSettings, retryDelayMs } from "./settings";

describe("outbox and mail settings", () => {
  it("take the README's defaults and refuse what is not a whole number in range", () => {
    expect(outboxSettings({})).toEqual({
      pollMs: 5000,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      maxAttempts: 20,
      leaseMs: 120_000,
      expiryScanMs: 3_600_000,
      retentionDays: 30,
      failedRetentionDays: 90,
    });
    expect(outboxSettings({ OUTBOX_POLL_MS: " 250 " }).pollMs).toBe(250);
    for (const bad of ["0", "-5", "1e3", "five", "99"]) expect(() => outboxSettings({ OUTBOX_POLL_MS: bad })).toThrow(/OUTBOX_POLL_MS/);
    expect(() => outboxSettings({ OUTBOX_MAX_ATTEMPTS: "0" })).toThrow(/at least 1/);
    expect(OUTBOX_DEFAULTS.OUTBOX_MAX_ATTEMPTS).toBe(20);
    expect(outboxSettings({ OUTBOX_RETENTION_DAYS: "7", OUTBOX_FAILED_RETENTION_DAYS: "14" })).toMatchObject({ retentionDays: 7, failedRetentionDays: 14 });
    for (const bad of ["0", "36501", "7.5", "a month"]) expect(() => outboxSettings({ OUTBOX_RETENTION_DAYS: bad })).toThrow(/OUTBOX_RETENTION_DAYS/);
    // A given-up message is never kept shorter than a delivered one.
    expect(() => outboxSettings({ OUTBOX_RETENTION_DAYS: "120" })).toThrow(
      /OUTBOX_FAILED_RETENTION_DAYS \(90\) must be at least OUTBOX_RETENTION_DAYS \(120\)/,
    );
  });

  it("back off exponentially from the base up to the cap", () => {
    const settings = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };
    expect([1, 2, 3, 4, 5, 8, 9, 20, 100].map((attempt) => retryDelayMs(attempt, settings))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it("read SMTP_URL without ever repeating it in an error (it may hold the password)", () => {
    expect(environmentMailSettings({})).toBeNull();
    expect(environmentMailSettings({ SMTP_URL: "smtp://u:p@mail.example.test:587", PORTAL_URL: "https://portal.example.test" })).toEqual({
      source: "environment",
      transport: "smtp://u:p@mail.example.test:587",
      from: "OIDC client portal <no-reply@portal.example.test>",
      server: "mail.example.test:587",
      password: "p",
    });
    expect(environmentMailSettings({ SMTP_URL: "smtps://mail.example.test", SMTP_FROM: "Portal <p@example.test>" })?.from).toBe("Portal <p@example.test>");
    for (const bad of ["http://u:hunter2@mail.example.test", "not a url hunter2"]) {
      expect(() => environmentMailSettings({ SMTP_URL: bad })).toThrow(/SMTP_URL must be an smtp/);
      try {
        environmentMailSettings({ SMTP_URL: bad });
      } catch (error) {
        expect(String(error)).not.toContain("hunter2");
      }
    }
  });
});
