import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ErrorPage, type PageChrome } from "@/components/end-users/pages";

// The end-user pages as HTML responses of the protocol server: static markup, no script, their own
// Content-Security-Policy, and the stylesheet compiled for them at build time (scripts/lib/setup.mjs
// writes end-user.css beside the protocol bundle).

/** Where the protocol server serves the stylesheet; `?v=` names its content, so it can be cached for good. */
export const STYLESHEET_PATH = "/oauth/assets/end-user.css";

type Stylesheet = { body: Buffer; href: string } | null;
let stylesheet: Stylesheet | undefined;

/** The compiled stylesheet beside the bundle, when there is one (not in unit tests, which run the sources). */
export function endUserStylesheet(): Stylesheet {
  if (stylesheet !== undefined) return stylesheet;
  try {
    const body = fs.readFileSync(new URL("./end-user.css", import.meta.url));
    stylesheet = { body, href: `${STYLESHEET_PATH}?v=${createHash("sha256").update(body).digest("base64url").slice(0, 12)}` };
  } catch {
    stylesheet = null;
  }
  return stylesheet;
}

export function chrome(title: string): PageChrome {
  return { title, stylesheet: endUserStylesheet()?.href ?? null };
}

/** Where a form on the page may send the browser, as CSP sources: the origins (or custom schemes) of `uris`. */
export function formTargets(uris: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const uri of uris) {
    const url = URL.parse(uri);
    if (!url) continue;
    sources.add(url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol);
  }
  return [...sources];
}

export type HtmlResponse = { status: number; headers: Record<string, string>; body: string };

/**
 * A page as a response. `forms`: where its forms lead beyond the portal — Chromium applies
 * `form-action` to the redirects after a submission too, and a sign-in ends at the client.
 */
export function htmlPage(page: ReactElement, { status = 200, forms = [] as readonly string[] } = {}): HtmlResponse {
  const policy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self'${forms.map((source) => ` ${source}`).join("")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": policy },
    body: `<!doctype html>${renderToStaticMarkup(page)}`,
  };
}

/** 429 for a person's browser: a page that says to wait, with Retry-After. */
export function tooManySignIns(retryAfterMs: number): HtmlResponse {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const heading = "Too many sign-in attempts";
  const page = htmlPage(
    createElement(ErrorPage, {
      chrome: chrome(heading),
      heading,
      message: `Too many sign-ins started from your address. Wait ${seconds} seconds, then try again.`,
      detail: null,
    }),
    { status: 429 },
  );
  return { ...page, headers: { ...page.headers, "Retry-After": String(seconds) } };
}
