import { expect, test } from "@playwright/test";
import { SCREENSHOTS } from "./fixtures";

const SECTIONS = [
  ["Clients", "/clients"],
  ["Scopes", "/scopes"],
  ["Profiles", "/profiles"],
  ["Identity providers", "/providers"],
  ["Audit log", "/audit"],
] as const;

test("the sidebar reaches every section and marks the current one", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" }).filter({ visible: true });
  for (const [label, path] of SECTIONS) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
  }
});

test("on a narrow screen the menu opens from the header", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/");
  await page.getByText("Menu").click();
  await page.getByRole("navigation", { name: "Main" }).filter({ visible: true }).getByRole("link", { name: "Scopes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scopes" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mobile-scopes.png`, fullPage: true });
});

test("dark mode follows the system", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(248, 250, 252)"); // slate-50, the light background
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-dark.png`, fullPage: true });
});

test("pages are sent with a content security policy and are never framed", async ({ page }) => {
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
});

test("links prefetch a page only when the admin shows intent, not as they scroll into view", async ({ page }) => {
  const prefetched: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) prefetched.push(new URL(request.url()).pathname);
  });
  await page.goto("/clients");
  const nav = page.getByRole("navigation", { name: "Main" }).filter({ visible: true });
  const scopes = nav.getByRole("link", { name: "Scopes" });
  // Hydrated: React has taken over the links, so a viewport prefetch would have been scheduled.
  await page.waitForFunction(() =>
    [...document.querySelectorAll("a[href='/scopes']")].some((a) => Object.keys(a).some((key) => key.startsWith("__reactFiber"))),
  );
  await page.waitForLoadState("networkidle");
  expect(prefetched).toEqual([]);

  await scopes.hover();
  await expect.poll(() => prefetched).toContain("/scopes");
  await nav.getByRole("link", { name: "Audit log" }).focus();
  await expect.poll(() => prefetched).toContain("/audit");
  expect(prefetched.filter((p) => p !== "/scopes" && p !== "/audit")).toEqual([]);

  await scopes.click();
  await expect(page.getByRole("heading", { level: 1, name: "Scopes" })).toBeVisible();
});
