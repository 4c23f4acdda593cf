import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProviderSignIn, SignInRefusalNotice } from "@/components/auth/provider-sign-in";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentAdmin } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/schema";
import { signInProviders } from "@/lib/providers/sign-in/flow";
import { isRefusalReason, REFUSALS } from "@/lib/providers/sign-in/messages";

export const metadata: Metadata = { title: "Sign in" };

type Search = { callbackUrl?: string; local?: string; error?: string; provider?: string; signed_out?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { callbackUrl, local, error, provider, signed_out: signedOut } = await searchParams;
  const callbackPath = safeCallbackPath(callbackUrl);
  if (await currentAdmin()) redirect(callbackPath);

  const providers = await signInProviders();
  const active = providers.find((p) => p.authenticationMode === "Active");
  // The Active provider takes unauthenticated visitors straight to its login, unless they asked for
  // the password form (?local=1), have just signed out, or a sign-in through a provider has just
  // failed (e.g. the provider is unreachable).
  if (active && local === undefined && error === undefined && signedOut === undefined) {
    redirect(`/sign-in/${encodeURIComponent(active.providerName)}?callbackUrl=${encodeURIComponent(callbackPath)}`);
  }
  const refusal = isRefusalReason(error) ? error : null;
  const failed = refusal ? providers.find((p) => p.providerName === provider) : undefined;

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <img src="/icon.svg" alt="" width={48} height={48} />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to OIDC Admin</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Clients, scopes, secrets and identity providers.</p>
        </div>
        {signedOut !== undefined && !refusal && (
          <p role="status" className="mb-6 text-center text-sm text-slate-600 dark:text-slate-400">
            You are signed out.
          </p>
        )}
        {refusal && (
          <SignInRefusalNotice
            providerName={failed?.providerName ?? (typeof provider === "string" ? provider.slice(0, 100) : null)}
            message={REFUSALS[refusal]}
            accountUrl={refusal === "unknown_user" ? (failed?.externalUserCreationUrl ?? null) : null}
          />
        )}
        <div className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <ProviderSignIn providers={providers} callbackUrl={callbackPath} />
          {providers.length > 0 && (
            <p className="flex items-center gap-3 text-xs text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200 dark:text-slate-400 dark:before:bg-slate-700 dark:after:bg-slate-700">
              or with your password
            </p>
          )}
          <SignInForm callbackUrl={callbackPath} />
        </div>
        {active && (
          <p className="mt-4 text-center text-xs text-slate-600 dark:text-slate-400">
            Visitors go straight to {active.providerName}. The password form always stays at{" "}
            <a href="/sign-in?local=1" className="underline">
              /sign-in?local=1
            </a>
            , so an Owner is never locked out.
          </p>
        )}
      </div>
    </main>
  );
}
