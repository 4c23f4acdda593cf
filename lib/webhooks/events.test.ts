import { describe, expect, it } from "vitest";
import { EVENT_PATTERN, auditWebhookEvent, secretExpiringEvent, subscribes } from "./events";
import { newWebhookSchema } from "./schema";

describe("webhook event patterns", () => {
  it("an area pattern takes that area's audit events only; audit.* takes every audit event", () => {
    expect(subscribes(["audit.client.*"], "audit.client.created")).toBe(true);
    expect(subscribes(["audit.client.*"], "audit.clientTrial.created")).toBe(false);
    expect(subscribes(["audit.client.*"], "secret.expiring")).toBe(false);
    expect(subscribes(["audit.*"], "audit.admin.signedIn")).toBe(true);
    expect(subscribes(["audit.*"], "secret.expiring")).toBe(false);
    expect(subscribes(["secret.expiring"], "secret.expiring")).toBe(true);
    expect(subscribes([], "audit.client.created")).toBe(false);
  });

  it("accepts only the grammar: no bare wildcard, no exact audit action, no other family", () => {
    for (const ok of ["audit.*", "audit.client.*", "audit.profileContext.*", "secret.expiring"]) expect(EVENT_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["*", "audit", "audit.client", "audit.client.created", "audit.*.*", "webhook.test", "secret.*", "audit.cli-ent.*"]) {
      expect(EVENT_PATTERN.test(bad), bad).toBe(false);
    }
  });

  it("the form's schema: https or loopback http, every field error at once", () => {
    expect(newWebhookSchema.safeParse({ url: "https://siem.example.com/x", description: "", events: ["audit.*", "audit.*"] }).data?.events).toEqual([
      "audit.*",
    ]);
    expect(newWebhookSchema.safeParse({ url: "http://localhost:9/x", description: "", events: ["secret.expiring"] }).success).toBe(true);
    const bad = newWebhookSchema.safeParse({ url: "http://siem.example.com/x", description: "x".repeat(201), events: [] });
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(["description", "events", "url"]);
    for (const url of ["https://user:pw@siem.example.com/", "https://siem.example.com/#x", "javascript:alert(1)", "siem.example.com"]) {
      expect(newWebhookSchema.safeParse({ url, description: "", events: ["audit.*"] }).success, url).toBe(false);
    }
  });
});

describe("event bodies", () => {
  it("an audit event carries the action, actor, target, changes and request, typed audit.<action>", () => {
    const at = new Date("2026-12-06T10:00:00Z");
    const origin = { address: "203.0.113.7", userAgent: "curl/8.5", requestId: "req-1" };
    expect(
      auditWebhookEvent(
        { type: "admin", id: "a1", label: "o@example.test", origin },
        { action: "client.created", target: { type: "client", id: "c", label: "orders" } },
        origin,
        at,
      ),
    ).toEqual({
      type: "audit.client.created",
      timestamp: "2026-12-06T10:00:00.000Z",
      data: {
        action: "client.created",
        actor: { type: "admin", id: "a1", label: "o@example.test" },
        target: { type: "client", id: "c", label: "orders" },
        changes: null,
        address: "203.0.113.7",
        userAgent: "curl/8.5",
        requestId: "req-1",
      },
    });
  });

  it("an expiry warning names the secret by id and hint, with the days left", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    const event = secretExpiringEvent(
      { id: "s1", hint: "Xy9Q", description: "prod", expiresAt: new Date("2026-12-13T09:00:00Z") },
      { type: "client", id: "c", label: "orders" },
      now,
    );
    expect(event).toMatchObject({ type: "secret.expiring", data: { secret: { id: "s1", hint: "Xy9Q" }, owner: { label: "orders" }, daysLeft: 7 } });
  });
});
