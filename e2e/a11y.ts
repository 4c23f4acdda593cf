import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Fails with the list of axe-core violations (WCAG 2.1 A/AA rules) on the current page. */
export async function expectNoAxeViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, "axe-core violations").toEqual([]);
}

/**
 * Records every Content-Security-Policy violation of `page` from now on: Chromium's console
 * message ("Refused to … because it violates the following Content Security Policy directive") and
 * the document's `securitypolicyviolation` events. Call before the first navigation; the returned
 * function lists what was seen so far (events: on the current document only, so check per page).
 */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const record = ((window as unknown as { __cspViolations?: string[] }).__cspViolations = [] as string[]);
    document.addEventListener("securitypolicyviolation", (event) => {
      record.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`);
    });
  });
  return async () => {
    const now = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => []);
    return [...seen, ...now.map((v) => `event: ${v}`)];
  };
}

/** Fails with the CSP violations `watchCspViolations` saw. */
export async function expectNoCspViolations(violations: () => Promise<string[]>) {
  expect(await violations(), "Content-Security-Policy violations").toEqual([]);
}
