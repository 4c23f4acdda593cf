import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { NAV_ITEMS } from "@/components/layout/nav-items";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

const DESCRIPTIONS: Record<string, string> = {
  "/clients": "OpenID Connect clients, their redirect URIs and secrets.",
  "/scopes": "Scopes clients may request, and scope secrets for introspection.",
  "/profiles": "Profiles and profile contexts that bound what a client may do.",
  "/providers": "External OpenID Connect identity providers.",
  "/audit": "Who changed what, and when.",
};

export default async function DashboardPage() {
  const admin = await requireAdmin();
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${admin.name}.`} />
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {NAV_ITEMS.filter((i) => i.href !== "/").map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              className="block h-full rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-indigo-700"
            >
              <h2 className="font-medium">{item.label}</h2>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{DESCRIPTIONS[item.href]}</p>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
