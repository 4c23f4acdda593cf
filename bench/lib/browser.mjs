// A real browser for the benchmarks: Debian's Chromium driven by Playwright (as the e2e tests do).
import { chromium } from "@playwright/test";

export const BENCH_ADMIN = { email: "bench-admin@example.test", password: "bench-Admin-password-1" };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Signs in through the sign-in page; returns the browser context (with its session cookie) and a Cookie header. */
export async function signIn(browser, baseURL) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(BENCH_ADMIN.email);
  await page.getByLabel("Password").fill(BENCH_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.close();
  const cookies = await context.cookies();
  return { context, cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
}
