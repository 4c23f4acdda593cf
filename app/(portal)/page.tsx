import type { Metadata } from "next";
import Link from "next/link";
import { navItemsFor } from "@/components/layout/nav-items";
import { PageHeader } from "@/components/layout/page-header";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import { requireAdmin } from "@/lib/auth/session";
import { clientStatusWhere } from "@/lib/clients/status";
import { prisma } from "@/lib/db/prisma";

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

export default async function DashboardPage() {
  const admin = await requireAdmin();
  const figures = await counts(admin.reach);
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${admin.name}.`} />
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {navItemsFor(admin).filter((i) => i.href !== "/").map((item) => (
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
    </>
  );
}
