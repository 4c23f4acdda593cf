import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { DAY_MS, setClockOffset } from "./clock";
import { expect, SCREENSHOTS, test, uniqueName, waitForHydration } from "./fixtures";

// "A receiver gets a signed expiry warning": an Owner adds a webhook for secret.expiring in the
// browser; a client's secret expires in 40 days; the portal's clock moves 35 days ahead (the e2e
// server's test clock), so the secret falls within the 7-day warning; the expiry scan (every 2 s
// on the e2e server) writes the warning and the outbox delivers it. The receiver, on a loopback
// port, checks the signature with an independent implementation of Standard Webhooks.

type Received = { method: string; path: string; headers: Record<string, string>; body: string };
type ExpiringEvent = {
  type: string;
  timestamp: string;
  data: { secret: { id: string; hint: string; description: string; expiresAt: string }; owner: { type: string; id: string; label: string }; daysLeft: number };
};

/** A receiver on a free loopback port that answers 204 to everything and keeps what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ method: req.method ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${uniqueName("expiry-hook")}`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

test.beforeEach(() => setClockOffset(0));
test.afterEach(() => setClockOffset(0));

test("a receiver gets a signed secret.expiring warning naming the client and the expiry, never the secret", async ({ page, api }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    let signingSecret = "";
    await test.step("an Owner adds a webhook for expiry warnings in the browser and copies its signing secret", async () => {
      await page.goto("/webhooks");
      await page.getByRole("button", { name: "Add webhook" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a webhook" });
      await dialog.getByLabel("URL").fill(receiver.url);
      await dialog.getByLabel("Description").fill("e2e expiry warnings");
      await dialog.getByRole("checkbox", { name: /secret\.expiring/ }).check();
      await dialog.getByRole("checkbox", { name: /^Every audit event/ }).uncheck();
      await dialog.getByRole("button", { name: "Add webhook" }).click();
      const reveal = page.getByRole("alertdialog", { name: "Copy the signing secret now" });
      signingSecret = (await reveal.getByTestId("revealed-secret").textContent()) ?? "";
      expect(signingSecret).toMatch(/^whsec_/);
      await reveal.getByRole("button", { name: "I have stored it" }).click();
      await expect(reveal).toBeHidden();
    });

    // A client whose second secret expires in 40 days: outside every warning until the clock moves.
    const clientId = uniqueName("expiring");
    const client = await api.createClient({ client_id: clientId });
    const expiration = new Date(Date.now() + 40 * DAY_MS).toISOString();
    const created = await api.request.post(`/api/v0/oidc/clients/${client.id}/secrets`, { data: { description: "nightly export", expiration } });
    expect(created.status()).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const warningsFor = () =>
      receiver.received.filter((r) => {
        const event = JSON.parse(r.body) as ExpiringEvent;
        return event.type === "secret.expiring" && event.data.owner.label === clientId;
      });

    await test.step("at real time nothing is due; 35 days later the 7-day warning arrives, signed", async () => {
      await page.waitForTimeout(4000); // two scans at real time
      expect(warningsFor()).toHaveLength(0);
      setClockOffset(35 * DAY_MS);
      await expect.poll(() => warningsFor().length, { timeout: 30_000, message: "a secret.expiring webhook for the client" }).toBe(1);
    });

    const [got] = warningsFor();
    const event = new Webhook(signingSecret).verify(got!.body, got!.headers) as ExpiringEvent;
    expect(event.type).toBe("secret.expiring");
    expect(event.data.owner).toEqual({ type: "client", id: client.id, label: clientId });
    expect(Date.parse(event.data.secret.expiresAt)).toBe(Date.parse(expiration));
    expect(event.data.secret.description).toBe("nightly export");
    expect(event.data.daysLeft).toBe(5);
    // Never the secret, nor its hash (SHA-256, as stored), nor the signing secret.
    for (const value of [secret, client.client_secret!, createHash("sha256").update(secret).digest("base64"), signingSecret.slice("whsec_".length)]) {
      expect(got!.body).not.toContain(value);
      expect(JSON.stringify(got!.headers)).not.toContain(value);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(`${SCREENSHOTS}/secret-expiring-webhook.json`, `${JSON.stringify({ ...got!, body: JSON.parse(got!.body) as unknown }, null, 2)}\n`);

    await test.step("the webhook's delivery log shows the warning delivered, once", async () => {
      await page.goto("/webhooks");
      await page.getByTestId("webhook-row").filter({ hasText: receiver.url }).getByRole("link", { name: receiver.url }).click();
      await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
      const message = page.getByTestId("webhook-message").filter({ hasText: got!.headers["webhook-id"]! });
      await expect(message).toContainText("secret.expiring");
      await expect(message).toContainText("delivered");
      await expect(message.getByTestId("webhook-attempt")).toHaveCount(1);
      await page.screenshot({ path: `${SCREENSHOTS}/secret-expiring-webhook-log.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SCREENSHOTS}/secret-expiring-webhook-log-390.png`, fullPage: true });
      // Later scans found it again and wrote nothing: one warning per secret, expiry and threshold.
      expect(warningsFor()).toHaveLength(1);
    });

    await test.step("the webhook is deleted: no later event goes to this closed receiver", async () => {
      await waitForHydration(page, "main");
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByRole("alertdialog", { name: "Delete this webhook?" }).getByRole("button", { name: "Delete webhook" }).click();
      await expect(page).toHaveURL(/\/webhooks$/);
      await expect(page.getByTestId("webhook-row").filter({ hasText: receiver.url })).toHaveCount(0);
    });
  } finally {
    await receiver.close();
  }
});
