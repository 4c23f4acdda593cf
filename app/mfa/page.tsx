import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeySignInButton } from "@/components/mfa/passkey-buttons";
import { SecondStepForm } from "@/components/mfa/second-step-form";
import { SignInEnrolment } from "@/components/mfa/sign-in-enrolment";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { signInEnrolment } from "@/lib/mfa/enrolment";
import { secondStepOf } from "@/lib/mfa/service";
import { currentChallenge } from "@/lib/mfa/sign-in";

export const metadata: Metadata = { title: "Two-step sign-in" };

/**
 * The second step of a sign-in (lib/mfa/sign-in.ts): open only with this browser's live challenge
 * cookie. An admin with a factor proves it; one who must have a factor and has none enrols first.
 */
export default async function SecondStepPage() {
  const challenge = await currentChallenge();
  if (!challenge) redirect("/sign-in?expired=1");
  const admin = await prisma.adminUser.findUnique({ where: { id: challenge.adminId }, select: { email: true } });
  if (!admin) redirect("/sign-in");
  const { step, hasPasskey } = await secondStepOf(prisma as unknown as Tx, challenge.adminId);
  const enrolment = step === "enrol" ? await signInEnrolment() : null;

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className={`w-full ${enrolment ? "max-w-lg" : "max-w-sm"}`}>
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <img src="/icon.svg" alt="" width={48} height={48} />
          <h1 className="text-2xl font-semibold tracking-tight">{enrolment ? "Set up two-step sign-in" : "Two-step sign-in"}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {enrolment ? (
              <>Your role signs in with a second factor. Add an authenticator app to continue as {admin.email}.</>
            ) : (
              <>Signing in as {admin.email}. Prove it is you with your second factor.</>
            )}
          </p>
        </div>
        <div className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          {enrolment ? (
            <SignInEnrolment enrolment={enrolment} email={admin.email} />
          ) : step === "verify" ? (
            <>
              {hasPasskey && (
                <>
                  <PasskeySignInButton />
                  <p className="flex items-center gap-3 text-xs text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200 dark:text-slate-400 dark:before:bg-slate-700 dark:after:bg-slate-700">
                    or with a code
                  </p>
                </>
              )}
              <SecondStepForm />
            </>
          ) : (
            <p className="text-sm">Your second factors were reset. Sign in again.</p>
          )}
        </div>
        <p className="mt-4 text-center text-xs text-slate-600 dark:text-slate-400">
          Lost your factor and your recovery codes? An Owner can reset your factors.{" "}
          <a href="/sign-in?local=1" className="underline">
            Back to sign-in
          </a>
        </p>
      </div>
    </main>
  );
}
