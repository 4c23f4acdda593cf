import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { RedeemLinkForm } from "@/components/admins/redeem-link-form";
import { Button, buttonClass } from "@/components/ui/button";
import { signOutForLink } from "@/lib/admins/actions";
import { findLink, linkState, LINK_REFUSAL } from "@/lib/admins/service";
import { currentAdmin } from "@/lib/auth/session";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";

export const metadata: Metadata = { title: "Choose your password", robots: { index: false, follow: false } };

const TITLES = {
  expired: "This link has expired",
  used: "This link has been used",
  revoked: "This link has been revoked",
  unknown: "This link is not valid",
} as const;

/**
 * The page of an invitation or password-reset link (outside the portal's layout: no session yet).
 * The token is looked up by its hash; a link that cannot be used says why and how to get a new one.
 * Someone else signed in in this browser is asked first: continuing ends their session.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = token.length <= 200 ? await findLink(prisma as unknown as Tx, token) : null;
  const state = linkState(link);
  const signedIn = state === "valid" && link ? await currentAdmin() : null;
  const someoneElse = signedIn && link && signedIn.id !== link.admin.id ? signedIn : null;

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <img src="/icon.svg" alt="" width={48} height={48} />
          {someoneElse && link ? (
            <>
              <h1 className="text-2xl font-semibold tracking-tight">You are signed in as someone else</h1>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                This {link.kind === "invitation" ? "invitation" : "password-reset link"} is for another admin. Continuing signs you out here first.
              </p>
            </>
          ) : state === "valid" && link ? (
            <>
              <h1 className="text-2xl font-semibold tracking-tight">{link.kind === "invitation" ? `Welcome, ${link.admin.name}` : "Choose a new password"}</h1>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {link.kind === "invitation"
                  ? "You are invited to run OIDC Admin. Choose your password to finish; you are then signed in."
                  : "Choose a new password for your OIDC Admin account. Your other sessions end."}
              </p>
            </>
          ) : (
            <h1 className="text-2xl font-semibold tracking-tight">{TITLES[state as keyof typeof TITLES]}</h1>
          )}
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          {someoneElse && link ? (
            <div className="space-y-4 text-sm">
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="text-slate-500 dark:text-slate-400">Signed in as</dt>
                <dd className="break-all font-medium" data-testid="signed-in-as">
                  {someoneElse.email}
                </dd>
                <dt className="text-slate-500 dark:text-slate-400">Link for</dt>
                <dd className="break-all font-medium" data-testid="invitation-email">
                  {link.admin.email}
                </dd>
              </dl>
              <form action={signOutForLink.bind(null, token)}>
                <Button type="submit" className="w-full">
                  Sign out and continue as {link.admin.email}
                </Button>
              </form>
              <Link href="/" className={buttonClass("secondary", "w-full")}>
                Stay signed in as {someoneElse.email}
              </Link>
            </div>
          ) : state === "valid" && link ? (
            <>
              <dl className="mb-5 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-500 dark:text-slate-400">Email</dt>
                <dd className="break-all font-medium" data-testid="invitation-email">
                  {link.admin.email}
                </dd>
                <dt className="text-slate-500 dark:text-slate-400">Role</dt>
                <dd>{link.admin.role}</dd>
                <dt className="text-slate-500 dark:text-slate-400">Scope</dt>
                <dd>
                  {link.admin.profileContext
                    ? `${link.admin.profileContext.category} / ${link.admin.profileContext.d0} (${link.admin.profileContext.id}), profile ${link.admin.profile?.displayName ?? "—"}`
                    : "Everything the role allows"}
                </dd>
              </dl>
              <RedeemLinkForm
                token={token}
                email={link.admin.email}
                submitLabel={link.kind === "invitation" ? "Set password and sign in" : "Save password and sign in"}
              />
            </>
          ) : (
            <div role="alert" className="space-y-3 text-sm">
              <p>{LINK_REFUSAL[state as keyof typeof LINK_REFUSAL]}</p>
              <p className="text-slate-600 dark:text-slate-400">
                An Owner of the portal makes a new link on the Admins page (New invitation link, or New password-reset link).
              </p>
              <p>
                <Link href="/sign-in" className="text-indigo-700 underline dark:text-indigo-300">
                  Go to the sign-in page
                </Link>
              </p>
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
