"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import type { Principal } from "@/lib/auth/permissions";
import { navItemsFor } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The sections `principal` may open; `counts`: a number beside a section (what waits there for this admin). */
export function NavLinks({ principal, counts = {} }: { principal: Principal; counts?: Partial<Record<string, number>> }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-1">
      {navItemsFor(principal).map((item) => {
        const active = isActive(pathname, item.href);
        const count = counts[item.href] ?? 0;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              // On narrow screens the menu is a <details>: close it once a section is chosen.
              onClick={(e) => e.currentTarget.closest("details")?.removeAttribute("open")}
              className={`flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm font-medium ${
                active
                  ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {item.label}
              {count > 0 && (
                <span data-testid="nav-count" className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
                  {count}
                  <span className="sr-only"> waiting for you</span>
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
