import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentAdmin } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/schema";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await currentAdmin()) redirect(safeCallbackPath(callbackUrl));
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <img src="/icon.svg" alt="" width={48} height={48} />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to OIDC Admin</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Clients, scopes, secrets and identity providers.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} />
        </div>
      </div>
    </main>
  );
}
