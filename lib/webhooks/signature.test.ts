import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateSigningSecret, newMessageId, signWebhook, webhookHeaders } from "./signature";

describe("Standard Webhooks signature", () => {
  it("reproduces the reference implementations' published test vector", () => {
    // The vector of the Standard Webhooks (and Svix) libraries' own tests.
    expect(signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("generates secrets of the spec's format: whsec_ + base64 of 24–64 bytes, each different", () => {
    const a = generateSigningSecret();
    const b = generateSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const bytes = Buffer.from(a.slice("whsec_".length), "base64").length;
    expect(bytes).toBeGreaterThanOrEqual(24);
    expect(bytes).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
  });

  it("signs what the independent implementation (the standardwebhooks package) verifies", () => {
    const secret = generateSigningSecret();
    const id = newMessageId();
    const body = JSON.stringify({ type: "audit.client.created", timestamp: new Date().toISOString(), data: { name: "é ✓ \u{1F600}" } });
    const headers = webhookHeaders(secret, id, body);
    expect(id).not.toContain(".");
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    // And what it signs, we sign alike.
    const at = new Date(1_700_000_000_000);
    expect(webhookHeaders(secret, id, body, at)["webhook-signature"]).toBe(new Webhook(secret).sign(id, at, body));
  });

  it("a changed body, id, timestamp or secret fails the independent verifier", () => {
    const secret = generateSigningSecret();
    const id = newMessageId();
    const body = '{"type":"webhook.test"}';
    const headers = webhookHeaders(secret, id, body);
    const verifier = new Webhook(secret);
    expect(() => verifier.verify('{"type":"webhook.tesT"}', headers)).toThrow();
    expect(() => verifier.verify(body, { ...headers, "webhook-id": newMessageId() })).toThrow();
    expect(() => verifier.verify(body, { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) - 1) })).toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });
});
