import { expect, test, type Request } from "@playwright/test";
import { expectNoCspViolations, watchCspViolations } from "./a11y";
import { errorLines, serverLogMark, serverLogSince } from "./server-log";

/** The nonce of a Content-Security-Policy's script-src. */
function scriptNonce(policy: string | undefined): string {
  const match = /script-src [^;]*'nonce-([A-Za-z0-9+/_-]+={0,2})'/.exec(policy ?? "");
  expect(match, `script-src nonce in ${policy}`).not.toBeNull();
  return match![1]!;
}

test("every page response carries a CSP with a fresh nonce that its script tags carry", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/clients", "/clients", "/scopes", "/sign-in"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const policy = response.headers()["content-security-policy"];
    expect(policy).toContain("'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toMatch(/'unsafe-eval'/);
    const nonce = scriptNonce(policy);
    nonces.add(nonce);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, `script tags of ${path}`).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, `a script tag of ${path}`).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size, "a new nonce for every response").toBe(4);
});

test("a script without the nonce is blocked and the violation is seen (the sweep's detector can fail)", async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto("/scopes");
  await expect(page.getByRole("heading", { level: 1, name: "Scopes" })).toBeVisible();
  await expectNoCspViolations(violations);

  // The page's own HTML with an inline script added, as a stored XSS would add it (the response's
  // policy is kept): the policy must refuse to run it, and the detector must report it.
  await page.route("**/scopes", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</body>", "<script>window.__injected = true;</script></body>");
    await route.fulfill({ response, body: html });
  });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Scopes" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false)).toBe(false);
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/script-src/)]));
});

test("a server action posted from a foreign Origin answers 403 without an error in the log; the same origin still works", async ({ page }) => {
  await page.goto("/scopes");
  await page.getByRole("button", { name: "New scope" }).click();
  const dialog = page.getByRole("dialog", { name: "New scope" });
  const name = `origin-${Date.now().toString(36)}`;
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await dialog.getByLabel("Display name").fill("Origin check");
  const posted = page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await dialog.getByRole("button", { name: "Create scope" }).click();
  const action: Request = await posted;
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  const headers = await action.allHeaders();
  const replay = (origin: string) =>
    page.request.post(action.url(), {
      headers: {
        "next-action": headers["next-action"]!,
        "content-type": headers["content-type"]!,
        accept: headers.accept ?? "text/x-component",
        origin,
      },
      data: action.postDataBuffer() ?? "",
      maxRedirects: 0,
    });

  const mark = serverLogMark();
  const foreign = await replay("https://attacker.example");
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toMatchObject({ error: "forbidden" });
  const log = await serverLogSince(mark);
  expect(errorLines(log), "error lines in the server log").toEqual([]);
  expect(log).toContain("cross-origin server action refused");

  // The same request from the portal's own origin reaches the action (which now refuses the
  // duplicate name with a field error, 200).
  const same = await replay(new URL(action.url()).origin);
  expect(same.status()).toBe(200);
  expect(await same.text()).toContain("already");
});
