import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { expectNoAxeViolations } from "./a11y";
import { expect, SCREENSHOTS, test, uniqueName } from "./fixtures";
import { errorLines, serverLogMark, serverLogSince } from "./server-log";

// An Owner adds a webhook in the browser, sees its signing secret once, and sends a test event that
// a receiver started here (on a loopback port; the e2e server allows private hosts) gets and
// verifies with an independent implementation of Standard Webhooks (the standardwebhooks package).

type Received = { type: string; headers: Record<string, string>; body: string };

/**
 * A receiver on a free loopback port. `statuses` are its next answers to test events (then 204);
 * every other event (the audit events that arrive through the outbox) is answered 204.
 */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const type = String((JSON.parse(body) as { type?: unknown }).type);
      received.push({ type, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(type === "webhook.test" ? (statuses.shift() ?? 204) : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${uniqueName("hook")}`;
  const ofType = (type: string) => received.filter((r) => r.type === type);
  return { url, ofType, types: () => received.map((r) => r.type), close: () => new Promise((resolve) => server.close(resolve)) };
}

test("an Owner adds a webhook, sees the secret once, and a test event arrives signed", async ({ page }) => {
  // The first redelivery is answered 500: a failed attempt in the log, then a delivered one.
  const receiver = await startReceiver([204, 500]);
  const mark = serverLogMark();
  try {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).filter({ visible: true }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Add webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a webhook" });
    await dialog.getByLabel("URL").fill(receiver.url);
    await dialog.getByLabel("Description").fill("e2e receiver");
    await dialog.getByRole("checkbox", { name: /secret\.expiring/ }).check();
    await expect(dialog.getByRole("checkbox", { name: /^Every audit event/ })).toBeChecked();
    await page.screenshot({ path: `${SCREENSHOTS}/webhooks-add.png` });
    await dialog.getByRole("button", { name: "Add webhook" }).click();

    const reveal = page.getByRole("alertdialog", { name: "Copy the signing secret now" });
    await expect(reveal).toBeVisible();
    await expect(reveal).toContainText("stored encrypted");
    await expect(reveal.getByRole("button", { name: "Copy webhook URL", exact: true })).toBeVisible();
    const secret = (await reveal.getByTestId("revealed-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.screenshot({ path: `${SCREENSHOTS}/webhooks-secret-reveal.png` });
    await reveal.getByRole("button", { name: "I have stored it" }).click();
    await expect(reveal).toBeHidden();

    // Once only: neither the list nor a reload shows it again.
    const row = page.getByTestId("webhook-row").filter({ hasText: receiver.url });
    await expect(row).toContainText("enabled");
    await page.reload();
    expect(await page.content()).not.toContain(secret.slice("whsec_".length));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/webhooks.png`, fullPage: true });

    await row.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await expect(page.getByTestId("form-message")).toHaveText("Delivered: the receiver answered 204.");

    expect(receiver.ofType("webhook.test")).toHaveLength(1);
    const [got] = receiver.ofType("webhook.test");
    const payload = new Webhook(secret).verify(got!.body, got!.headers) as { type: string; data: { endpointId: string } };
    expect(payload.type).toBe("webhook.test");
    expect(got!.body).not.toContain(secret.slice("whsec_".length));

    const message = page.getByTestId("webhook-message").filter({ hasText: got!.headers["webhook-id"]! });
    await expect(message).toContainText("delivered");
    await expect(message.getByTestId("webhook-attempt")).toHaveCount(1);
    expect(await page.content()).not.toContain(secret.slice("whsec_".length));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/webhook-detail.png`, fullPage: true });

    // Redeliver: the same webhook-id again; the receiver answers 500, then 204.
    await message.getByRole("button", { name: "Redeliver" }).click();
    await expect(message.getByRole("status")).toHaveText("Not delivered: the receiver answered 500. See the delivery log.");
    await expect(message.getByTestId("webhook-attempt")).toHaveCount(2);
    await expect(message.getByTestId("webhook-attempt").nth(1)).toContainText("✗ 500");
    await message.getByRole("button", { name: "Redeliver" }).click();
    await expect(message.getByTestId("webhook-attempt")).toHaveCount(3);
    await expect(message.getByRole("status")).toHaveText("Delivered: the receiver answered 204.");
    const id = got!.headers["webhook-id"];
    expect(receiver.ofType("webhook.test").map((r) => r.headers["webhook-id"])).toEqual([id, id, id]);
    for (const r of receiver.ofType("webhook.test")) expect(() => new Webhook(secret).verify(r.body, r.headers)).not.toThrow();

    // The audit events went out too, through the outbox (audit.*): the test event's own, signed.
    await expect.poll(() => receiver.types()).toContain("audit.webhook.testSent");
    const [audited] = receiver.ofType("audit.webhook.testSent");
    expect(new Webhook(secret).verify(audited!.body, audited!.headers)).toMatchObject({ type: "audit.webhook.testSent" });

    // The server logged the failed attempt, never the secret, and no error.
    const log = await serverLogSince(mark);
    expect(log).toContain("webhook attempt failed");
    expect(log).not.toContain(secret.slice("whsec_".length));
    expect(errorLines(log)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/webhook-detail-390.png`, fullPage: true });
    await page.goto("/webhooks");
    await page.screenshot({ path: `${SCREENSHOTS}/webhooks-390.png`, fullPage: true });
  } finally {
    await receiver.close();
  }
});
