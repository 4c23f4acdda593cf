import "server-only";
import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { actorOf, recordAudit } from "@/lib/audit/audit";
import { prisma } from "@/lib/db/prisma";
import { currentRequestId, errorFields, logEvent } from "@/lib/log";
import { describeError, SignInRefusal } from "./flow";
import { SIGN_IN_STATE_COOKIE, SIGN_IN_STATE_TTL_SECONDS } from "./state";

// The HTTP side of a sign-in through a provider, shared by the start and callback routes.

/**
 * The state cookie's attributes. With https the provider's form_post answer is a cross-site POST,
 * which carries only SameSite=None cookies (and those must be Secure); over plain http (a local
 * portal) the provider is on the same site and Lax is enough.
 */
export function stateCookieOptions(origin: string) {
  const secure = origin.startsWith("https:");
  return { httpOnly: true, secure, sameSite: secure ? ("none" as const) : ("lax" as const), path: "/", maxAge: SIGN_IN_STATE_TTL_SECONDS };
}

/** One admin.signInRefused audit event: the reason and a token-free detail. */
async function auditRefusal(providerName: string, refusal: SignInRefusal) {
  const provider = await prisma.identityProvider.findUnique({ where: { providerName }, select: { id: true } });
  await prisma.$transaction((tx) =>
    recordAudit(tx, actorOf({ id: refusal.context.adminId ?? null, email: refusal.context.email ?? "(not identified)" }), {
      action: "admin.signInRefused",
      target: { type: "provider", id: provider?.id ?? "", label: providerName },
      changes: { method: `provider:${providerName}`, reason: refusal.reason, detail: refusal.detail },
    }),
  );
}

/** Audits a refused sign-in and sends the browser to the sign-in page, which explains it. */
export async function refuseSignIn(origin: string, providerName: string, error: unknown): Promise<NextResponse> {
  const refusal = error instanceof SignInRefusal ? error : new SignInRefusal("provider_error", `unexpected: ${describeError(error)}`);
  if (!(error instanceof SignInRefusal))
    logEvent("error", "provider sign-in failed", { requestId: await currentRequestId(), provider: providerName, ...errorFields(error) });
  // Refusals past the rate limit are not audited one by one: that would let anyone flood the log.
  if (refusal.reason !== "rate_limited") await auditRefusal(providerName, refusal);
  const target = new URL("/sign-in", origin);
  target.searchParams.set("error", refusal.reason);
  target.searchParams.set("provider", providerName);
  // 303: the callback may be a POST (form_post); the sign-in page is always fetched with GET.
  const response = NextResponse.redirect(target, 303);
  response.cookies.delete(SIGN_IN_STATE_COOKIE);
  return response;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const AUTO_SUBMIT = `document.getElementById("authorize").submit();`;
const AUTO_SUBMIT_HASH = `sha256-${createHash("sha256").update(AUTO_SUBMIT).digest("base64")}`;

/**
 * authentication_method form_post: a page whose form POSTs the authorization request to the
 * provider, submitted by a script (allowed by its hash) or by the button when scripts are off. Its
 * own Content-Security-Policy allows posting the form to the provider's authorization endpoint only.
 */
export function formPostPage(action: string, fields: [string, string][]): { html: string; contentSecurityPolicy: string } {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><form id="authorize" method="post" action="${escapeHtml(action)}">${inputs}<p>Taking you to your identity provider…</p><button type="submit">Continue</button></form></main><script>${AUTO_SUBMIT}</script></body></html>`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src '${AUTO_SUBMIT_HASH}'`,
    `form-action ${new URL(action).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return { html, contentSecurityPolicy };
}
