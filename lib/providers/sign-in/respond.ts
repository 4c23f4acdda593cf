import "server-only";
import { NextResponse } from "next/server";
import { actorOf, recordAudit } from "@/lib/audit/audit";
import { prisma } from "@/lib/db/prisma";
import { currentRequestId, errorFields, logEvent } from "@/lib/log";
import { describeError, SignInRefusal } from "./flow";
import { SIGN_IN_STATE_COOKIE } from "./state";

// The HTTP side of a sign-in through a provider, shared by the start and callback routes.

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
