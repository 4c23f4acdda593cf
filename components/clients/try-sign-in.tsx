import { buttonClass } from "@/components/ui/button";
import { TrialRedirectButton } from "./trial-redirect-button";

/**
 * "Try sign-in" on a browser client's page: the portal signs in to the client as a test app, through
 * the configured identity providers, and shows the ID token the client would get. When the client
 * lacks the portal's test redirect URI, one confirmed click adds it.
 */
export function TrySignIn({
  id,
  clientId,
  redirectUri,
  blocker,
  missingRedirect,
  canWrite,
}: {
  id: string;
  clientId: string;
  redirectUri: string;
  blocker: string | null;
  missingRedirect: boolean;
  canWrite: boolean;
}) {
  return (
    <section aria-labelledby="try-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="try-heading" className="text-lg font-semibold">
        Try sign-in
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Sign in to this client yourself, as a person would, through the identity providers; the portal plays the app and shows the ID token it gets.
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        {missingRedirect ? (
          <>
            <p className="text-sm">
              The client needs the portal&apos;s test redirect URI <code className="text-xs [overflow-wrap:anywhere]">{redirectUri}</code>.
            </p>
            {canWrite && <TrialRedirectButton id={id} clientId={clientId} redirectUri={redirectUri} />}
          </>
        ) : blocker ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{blocker}</p>
        ) : (
          canWrite && (
            <form method="post" action={`/clients/${id}/try`}>
              <button type="submit" className={buttonClass("primary")}>
                Try sign-in
              </button>
            </form>
          )
        )}
      </div>
    </section>
  );
}
