import { Link } from "@/components/ui/link";
import { signOutAction } from "@/lib/auth/actions";
import { can } from "@/lib/auth/permissions";
import type { CurrentAdmin } from "@/lib/auth/session";
import { openChangeRequestCount } from "@/lib/change-requests/queries";
import { NavLinks } from "./nav-links";
import { RouteFocus } from "./route-focus";

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
      <img src="/icon.svg" alt="" width={28} height={28} />
      <span>OIDC Admin</span>
    </Link>
  );
}

function AdminMenu({ admin }: { admin: CurrentAdmin }) {
  return (
    <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
      <p className="truncate text-sm font-medium" data-testid="admin-name">
        {admin.name}
      </p>
      <p className="truncate text-xs text-slate-500 dark:text-slate-400">{admin.email}</p>
      <p className="truncate text-xs text-slate-500 dark:text-slate-400" data-testid="admin-role">
        {admin.role}
        {admin.reach.kind === "context" ? ` · profile context ${admin.reach.profileContextId}` : ""}
      </p>
      <Link href="/account" className="mt-2 block text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        Your account
      </Link>
      <form action={signOutAction} className="mt-3">
        <button
          type="submit"
          className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Sign out
        </button>
      </form>
    </div>
  );
}

/** The signed-in layout: a sidebar on wide screens, a collapsible menu on narrow ones. */
export async function AppShell({ admin, children }: { admin: CurrentAdmin; children: React.ReactNode }) {
  // The change requests this admin may decide (never their own): one count, beside "Change requests".
  const counts = { "/change-requests": can(admin, "clients.write") ? await openChangeRequestCount(admin.reach, { type: "admin", id: admin.id }) : 0 };
  return (
    <div className="min-h-screen md:flex">
      <RouteFocus />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      {/* Narrow screens: a native disclosure, keyboard-accessible without script. */}
      <header className="border-b border-slate-200 bg-white px-4 py-3 md:hidden print:hidden dark:border-slate-800 dark:bg-slate-900">
        <details className="group">
          <summary className="flex cursor-pointer list-none items-center justify-between">
            <Brand />
            <span className="rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700">Menu</span>
          </summary>
          <nav aria-label="Main" className="mt-3 space-y-4">
            <NavLinks principal={{ role: admin.role, reach: admin.reach }} counts={counts} />
            <AdminMenu admin={admin} />
          </nav>
        </details>
      </header>
      <aside className="hidden print:!hidden w-64 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white p-4 md:flex md:min-h-screen dark:border-slate-800 dark:bg-slate-900">
        <Brand />
        <nav aria-label="Main" className="flex-1">
          <NavLinks principal={{ role: admin.role, reach: admin.reach }} counts={counts} />
        </nav>
        <AdminMenu admin={admin} />
      </aside>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8 md:py-8 print:p-0">
        {children}
      </main>
    </div>
  );
}
