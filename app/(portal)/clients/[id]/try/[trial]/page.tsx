import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { requirePermission } from "@/lib/auth/session";
import { getClient } from "@/lib/clients/queries";
import { trialOf, type TrialResult } from "@/lib/clients/trial";

export const metadata: Metadata = { title: "Try sign-in" };

/** What each ID token claim means, for the people reading it here. */
const CLAIM_NOTES: Record<string, string> = {
  iss: "who issued it: the portal",
  sub: "the person, as the portal names them for every client",
  aud: "the client it is for",
  exp: "expires",
  iat: "issued",
  auth_time: "when the person signed in",
  nonce: "the app's nonce, echoed",
  amr: "how they signed in, as the identity provider said",
  sid: "the session at the portal",
  at_hash: "hash of the access token",
  c_hash: "hash of the code",
};
const TIMES = new Set(["exp", "iat", "auth_time"]);

function ClaimRows({ claims }: { claims: Record<string, unknown> }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {Object.entries(claims).map(([name, value]) => (
        <div key={name} className="grid gap-1 py-2 sm:grid-cols-[10rem_1fr]">
          <dt className="font-mono text-xs text-slate-600 dark:text-slate-400">
            {name}
            {CLAIM_NOTES[name] && <span className="block font-sans text-slate-500">{CLAIM_NOTES[name]}</span>}
          </dt>
          <dd className="font-mono text-xs [overflow-wrap:anywhere]">
            {typeof value === "string" ? value : JSON.stringify(value)}
            {TIMES.has(name) && typeof value === "number" && (
              <span className="ml-2 font-sans text-slate-500">({new Date(value * 1000).toISOString().replace(".000Z", "Z")})</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The result of a "Try sign-in": the ID token the client got, decoded, and the UserInfo claims. Only its admin sees it. */
export default async function TrialPage({ params }: { params: Promise<{ id: string; trial: string }> }) {
  const admin = await requirePermission("clients.write");
  const { id, trial: trialId } = await params;
  const [client, trial] = await Promise.all([getClient(id, admin.reach), trialOf(admin.id, id, trialId)]);
  if (!client || !trial) notFound();
  const result = trial.result as TrialResult | Record<string, never> | null;
  const signedIn = result && "claims" in result ? result : null;

  return (
    <div className="min-w-0 space-y-6">
      <div>
        <Link href={`/clients/${client.id}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← {client.clientId}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Try sign-in</h1>
      </div>
      {trial.error ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <strong>The sign-in did not complete.</strong> {trial.error}
        </p>
      ) : !signedIn ? (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          This try has not come back yet.
        </p>
      ) : (
        <>
          <p
            role="status"
            className="rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
          >
            <strong>Signed in.</strong> {client.displayName} got an ID token signed with {String(signedIn.header.alg)} (key {String(signedIn.header.kid)}),
            checked against the portal&apos;s published keys. The tokens were revoked right after.
          </p>
          <section aria-labelledby="id-token-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="id-token-heading" className="text-lg font-semibold">
              ID token claims
            </h2>
            <ClaimRows claims={signedIn.claims} />
          </section>
          {signedIn.userinfo && (
            <section aria-labelledby="userinfo-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
              <h2 id="userinfo-heading" className="text-lg font-semibold">
                UserInfo
              </h2>
              <ClaimRows claims={signedIn.userinfo} />
            </section>
          )}
        </>
      )}
      <form method="post" action={`/clients/${client.id}/try`}>
        <button type="submit" className={buttonClass("secondary")}>
          Try again
        </button>
      </form>
    </div>
  );
}
