import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { ResumeWalkthrough, WalkthroughCard } from "@/components/dashboard/walkthrough-card";
import { navItemsFor } from "@/components/layout/nav-items";
import { PageHeader } from "@/components/layout/page-header";
import { ExpiryBadge } from "@/components/secrets/expiry-badge";
import { DateTime } from "@/components/ui/date-time";
import { can } from "@/lib/auth/permissions";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import { requireAdmin } from "@/lib/auth/session";
import * as clock from "@/lib/clock";
import { clientStatusWhere } from "@/lib/clients/status";
import { prisma } from "@/lib/db/prisma";
import { ATTENTION_WINDOW_DAYS, needsAttention } from "@/lib/onboarding/attention";
import { canFollowWalkthrough, walkthroughFor } from "@/lib/onboarding/walkthrough";

export const metadata: Metadata = { title: "Dashboard" };

/** A few counts for the cards; each is one indexed COUNT. */
async function counts(reach: Reach): Promise<Record<string, string>> {
  const now = new Date();
  const [clients, activeClients, scopes, profiles, contexts, providers] = await Promise.all([
    prisma.client.count({ where: clientsWithin(reach) }),
    prisma.client.count({ where: clientsWithin(reach, clientStatusWhere("active", now)) }),
    prisma.scope.count(),
    prisma.profile.count(),
    prisma.profileContext.count(),
    prisma.identityProvider.count(),
  ]);
  const n = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;
  return {
    "/clients": `${n(clients, "client")} · ${activeClients.toLocaleString("en")} active`,
    "/scopes": n(scopes, "scope"),
    "/profiles": `${n(profiles, "profile")} · ${n(contexts, "context")}`,
    "/providers": n(providers, "provider"),
  };
}

/** The entries shown in red: each is a risk now, not a date to plan for. */
const URGENT = new Set(["weak-secret", "implicit-flow", "secret-breaks-policy"]);

const card = "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900";
const link = "font-medium text-indigo-700 hover:underline dark:text-indigo-300";

type RecentEvent = NonNullable<Awaited<ReturnType<typeof needsAttention>>["recent"]>[number];

/** The newest audit events (only for those who may read the audit log). */
function RecentActivity({ events: recent }: { events: RecentEvent[] }) {
  return (
    <section aria-labelledby="recent-heading" className={card}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="recent-heading" className="font-semibold">
          Recent activity
        </h2>
        <Link href="/audit" className={`text-sm ${link}`}>
          Audit log
        </Link>
      </div>
      {recent.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No events yet.</p>
      ) : (
        <ul className="mt-3 space-y-2 text-sm">
          {recent.map((e) => (
            <li key={e.id} className="[overflow-wrap:anywhere]">
              <span className="font-mono text-xs">{e.action}</span>{" "}
              {e.targetType === "client" ? (
                <Link href={`/clients/${e.targetId}`} className={link}>
                  {e.targetLabel}
                </Link>
              ) : (
                <span>{e.targetLabel}</span>
              )}{" "}
              <span className="text-slate-500 dark:text-slate-400">
                by {e.actorLabel} · <DateTime value={e.at} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default async function DashboardPage() {
  const admin = await requireAdmin();
  // The walkthrough asks to create a profile context and a client: only for those who may do both
  // (an Auditor, or an Editor bound to one context, would be stuck at step 1).
  const guided = canFollowWalkthrough(admin);
  // What expires within 30/7/1 days follows the portal's clock (lib/clock.ts).
  const now = clock.now();
  const [figures, walkthrough, attention] = await Promise.all([
    counts(admin.reach),
    guided ? walkthroughFor(admin.id) : null,
    needsAttention(admin.reach, { withAuditEvents: can(admin, "audit.read"), now }),
  ]);
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${admin.name}.`} actions={walkthrough?.dismissed ? <ResumeWalkthrough /> : undefined} />
      <div className="space-y-6">
        {walkthrough && !walkthrough.dismissed && (
          <WalkthroughCard
            view={{
              steps: walkthrough.steps,
              complete: walkthrough.complete,
              client: walkthrough.client && { id: walkthrough.client.id, clientId: walkthrough.client.clientId },
            }}
          />
        )}

        <div className="grid gap-6 lg:grid-cols-2">
          <section aria-labelledby="attention-heading" data-testid="attention" className={card}>
            <h2 id="attention-heading" className="font-semibold">
              Needs attention
            </h2>
            <p className="text-xs text-slate-500 dark:text-slate-400">
              Weak secrets, secrets that break their profile&apos;s policy, client and scope secrets and clients expiring in the next {ATTENTION_WINDOW_DAYS}{" "}
              days (warned at 30, 7 and 1), clients whose secrets were never used, Implicit clients. Times in UTC.
            </p>
            {attention.items.length === 0 ? (
              <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">Nothing right now.</p>
            ) : (
              <ul className="mt-3 space-y-2 text-sm">
                {attention.items.map((item, i) => (
                  <li key={`${item.kind}-${item.href}-${i}`} className="[overflow-wrap:anywhere]" data-testid="attention-item" data-kind={item.kind}>
                    <Link href={item.href} className={`${link} font-mono`}>
                      {item.label}
                    </Link>{" "}
                    <span className={URGENT.has(item.kind) ? "text-red-700 dark:text-red-400" : ""}>{item.detail}</span>
                    {item.at && (
                      <>
                        {" "}
                        <DateTime value={item.at} />
                      </>
                    )}
                    {item.warning && (
                      <>
                        {" "}
                        <ExpiryBadge at={item.at} now={now} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {attention.recent && <RecentActivity events={attention.recent} />}
        </div>

        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {navItemsFor(admin)
            .filter((i) => i.href !== "/")
            .map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="block h-full rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-indigo-700"
                >
                  <h2 className="font-medium">{item.label}</h2>
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{item.description}</p>
                  {figures[item.href] && <p className="mt-3 text-sm font-medium text-indigo-700 dark:text-indigo-300">{figures[item.href]}</p>}
                </Link>
              </li>
            ))}
        </ul>
      </div>
    </>
  );
}
